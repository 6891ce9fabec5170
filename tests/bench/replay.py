"""How long a new process takes to catch up with the label log. Prints numbers; run on demand.

    .venv/bin/python -m tests.bench.replay [--events 10000]

Writes ``--events`` label events (reviews from the training data, random labels) straight into
a fresh database on a throwaway SecantusDB daemon, then times a new process's first ``sync``:
replaying every event from the artifact, and starting from a checkpoint saved at the last
event. Also prints the time to save that checkpoint.
"""

import argparse
import tempfile
import time
from datetime import UTC, datetime

import numpy as np

from classifier import MovieClassifier
from classifier.artifact import model_to_bytes
from classifier.data import read_labelled_csv
from db import CheckpointStore, EventLog, ReplicaRegistry, connect, ensure_schema
from db.embedded import EmbeddedDatabase
from online import SharedModel


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--data", default="../shared/data/imdb_train.csv.gz")
    args = parser.parse_args()
    texts, _, _ = read_labelled_csv(args.data)
    rng = np.random.RandomState(0)
    with (
        tempfile.TemporaryDirectory() as directory,
        EmbeddedDatabase(directory) as daemon,
        connect(daemon.uri) as client,
    ):
        database = client.replay_bench
        ensure_schema(database)
        events = [
            {
                "_id": n,
                "kind": "label",
                "at": datetime.now(UTC),
                "text": texts[rng.randint(len(texts))],
                "label": ["negative", "positive"][rng.randint(2)],
            }  # fmt: skip
            for n in range(1, args.events + 1)
        ]
        database.label_events.insert_many(events)
        database.counters.update_one({"_id": "label_events"}, {"$set": {"seq": args.events}})

        def new_process(every=10**9):
            return SharedModel(
                MovieClassifier(),
                EventLog(database),
                CheckpointStore(database),
                ReplicaRegistry(database),
                checkpoint_every=every,
            )

        replay, position = timed(new_process().sync)
        print(f"replay of {position:,} events from the artifact: {replay:.2f} s")
        shared = new_process()
        shared.sync()
        model, at = shared.classifier.current()
        save, _ = timed(
            lambda: (
                shared.checkpoints.store.claim(at, shared.classifier.base_version),
                shared.checkpoints.store.save(at, *model_to_bytes(model), shared.online_updates),
            )
        )
        print(f"saving a checkpoint at position {at:,}: {save:.2f} s")
        start, position = timed(new_process().sync)
        print(f"start from that checkpoint: {start:.2f} s ({replay / start:.0f}x faster)")


if __name__ == "__main__":
    main()
