"""Operator commands: ``python -m server.admin versions|rollback VERSION``.

They act on the database named by ``MONGODB_URI`` exactly as the API does: a rollback is an
event in the label log, so every worker of every replica serves it at its next request.
"""

import argparse
import os
import sys

from classifier import MovieClassifier
from classifier.artifact import DEFAULT_MODEL_DIR
from db import CheckpointStore, EventLog, ReplicaRegistry, connect, ensure_schema
from online import SharedModel, operator, status


def _shared_model(database):
    return SharedModel(
        MovieClassifier(os.environ.get("MODEL_DIR", DEFAULT_MODEL_DIR)),
        EventLog(database),
        CheckpointStore(database),
        ReplicaRegistry(database),  # a rollback waits for every serving process to have it
    )


def _print_versions(shared):
    listed = status.versions(shared)
    print(f"serving {listed['serving']} (position {listed['position']})")
    for version in listed["versions"]:
        created = version["created_at"]
        if not isinstance(created, str):
            created = created.isoformat(timespec="seconds")
        print(f"{version['version']}\t{version['kind']}\t{created}")


def main(argv=None):
    """Parse ``argv`` and run the command; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m server.admin")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("versions", help="list the versions that can be rolled back to")
    rollback = commands.add_parser("rollback", help="serve an earlier version everywhere")
    rollback.add_argument("version", help="a version name, as `versions` lists it")
    args = parser.parse_args(argv)

    uri = os.environ.get("MONGODB_URI")
    if not uri:
        print("error: set MONGODB_URI to the app's database", file=sys.stderr)
        return 2
    with connect(uri) as client:
        database = client.get_default_database("moviereviews")
        ensure_schema(database)
        shared = _shared_model(database)
        try:
            if args.command == "versions":
                _print_versions(shared)
                return 0
            try:
                position = shared.classifier.position_of(args.version)
                version = operator.rollback(shared, position, by="cli")
            except ValueError as error:
                print(f"error: {error}", file=sys.stderr)
                return 2
            print(f"now serving {version} (the model of {args.version})")
            return 0
        finally:
            shared.close()  # a checkpoint claimed on the way is saved before the exit


if __name__ == "__main__":
    sys.exit(main())
