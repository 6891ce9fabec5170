"""What the serving model is and which versions it can go back to, as plain data for the API and
the operator's command line to format."""


def describe(shared_model):
    """The serving model: version, position, how it was built, online updates, the newest
    checkpoint, the log's counts and the guard's state."""
    shared_model.sync()
    classifier = shared_model.classifier
    manifest = classifier.manifest
    checkpoint = shared_model.checkpoints.store.newest(classifier.base_version)
    return {
        "version": classifier.version,
        "base_version": classifier.base_version,
        "position": classifier.position,
        "online_updates": shared_model.online_updates,
        "built": {
            "created_at": manifest["created_at"],
            "training_data": manifest["training_data"],
            "parameters": manifest["parameters"],
        },
        "validation": manifest["validation"],
        "latest_checkpoint": checkpoint
        and {"position": checkpoint["_id"], "created_at": checkpoint["created_at"]},
        "log": shared_model.events.count(),
        "guard": shared_model.guard.state(),
    }


def versions(shared_model, limit=100):
    """The serving version and position, and the versions to roll back to: every checkpoint,
    newest first, then the artifact."""
    position = shared_model.sync()
    classifier = shared_model.classifier
    listed = [
        {
            "version": classifier.version_at(record["_id"]),
            "position": record["_id"],
            "kind": "checkpoint",
            "created_at": record["created_at"],
        }
        for record in shared_model.checkpoints.store.list(classifier.base_version, limit)
    ]
    listed.append(
        {
            "version": classifier.base_version,
            "position": 0,
            "kind": "artifact",
            "created_at": classifier.manifest["created_at"],
        }
    )
    return {"serving": classifier.version_at(position), "position": position, "versions": listed}


def preview_rollback(shared_model, position):
    """What rolling back to ``position`` would serve: its guard accuracy beside the serving
    model's, and how many labels it undoes (``ValueError`` unless below the current position)."""
    current = shared_model.sync()
    if not 0 <= position < current:
        raise ValueError(f"position must be below the current {current}")
    classifier = shared_model.classifier
    model, updates = shared_model.replay.model_at(position)
    return {
        "version": classifier.version_at(position),
        "position": position,
        "guard_accuracy": classifier.guard_accuracy(model),
        "current_guard_accuracy": classifier.guard_accuracy(),
        "labels_undone": shared_model.online_updates - updates,
    }
