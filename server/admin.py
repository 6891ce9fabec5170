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
from server.shared_model import SharedModel


def _shared_model(database):
    return SharedModel(
        MovieClassifier(os.environ.get("MODEL_DIR", DEFAULT_MODEL_DIR)),
        EventLog(database),
        CheckpointStore(database),
        ReplicaRegistry(database),  # a rollback waits for every serving process to have it
    )


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
        position = shared.sync()
        classifier = shared.classifier
        if args.command == "versions":
            print(f"serving {classifier.version_at(position)} (position {position})")
            for record in shared.checkpoints.list(shared.base_version):
                created = record["created_at"].isoformat(timespec="seconds")
                print(f"{classifier.version_at(record['_id'])}\tcheckpoint\t{created}")
            print(f"{classifier.base_version}\tartifact\t{classifier.manifest['created_at']}")
            return 0
        try:
            version = shared.rollback(classifier.position_of(args.version), by="cli")
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(f"now serving {version} (the model of {args.version})")
        return 0


if __name__ == "__main__":
    sys.exit(main())
