"""Operator commands: ``python -m server.admin versions|rollback VERSION``.

They act on the database named by ``MONGODB_URI`` exactly as the API does, with the same
settings (``CHECKPOINT_EVERY``, ``GUARD_MARGIN``, ``MODEL_DIR``): a rollback is an event in the
label log, so every worker of every replica serves it at its next request.
"""

import argparse
import sys

from online import operator, status
from server.runtime import Runtime
from server.settings import Settings


def _print_versions(shared_model):
    listed = status.versions(shared_model)
    print(f"serving {listed['serving']} (position {listed['position']})")
    for version in listed["versions"]:
        created = version["created_at"]
        if not isinstance(created, str):
            created = created.isoformat(timespec="seconds")
        print(f"{version['version']}\t{version['kind']}\t{created}")


def _rollback(shared_model, version):
    try:
        position = shared_model.classifier.position_of(version)
        serving = operator.rollback(shared_model, position, by="cli")
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"now serving {serving} (the model of {version})")
    return 0


def main(argv=None):
    """Parse ``argv`` and run the command; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m server.admin")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("versions", help="list the versions that can be rolled back to")
    rollback = commands.add_parser("rollback", help="serve an earlier version everywhere")
    rollback.add_argument("version", help="a version name, as `versions` lists it")
    args = parser.parse_args(argv)

    settings = Settings()
    if not settings.mongodb_uri:
        print("error: set MONGODB_URI to the app's database", file=sys.stderr)
        return 2
    runtime = Runtime(settings)
    try:
        if args.command == "versions":
            _print_versions(runtime.shared_model)
            return 0
        return _rollback(runtime.shared_model, args.version)
    finally:
        runtime.close()  # a checkpoint claimed on the way is saved before the exit


if __name__ == "__main__":
    sys.exit(main())
