"""What an operator does to the serving model, on every worker of every replica: roll back to an
earlier version, or confirm the model as it is (both are events in the label log)."""


def rollback(shared_model, position, by):
    """Serve, from now on, the model that was at ``position``; return the new version."""
    current = shared_model.sync()
    if not 0 <= position < current:
        raise ValueError(f"position must be below the current {current}")
    shared_model.publish(shared_model.events.append_rollback(position, by))
    return shared_model.classifier.version


def confirm(shared_model, by):
    """Accept the model as it is now: its guard accuracy becomes the new baseline; return the
    guard's state."""
    shared_model.sync()
    accuracy = shared_model.guard.accuracy()
    shared_model.publish(shared_model.events.append_confirm(by, accuracy))
    return shared_model.guard.state()
