"""Command line: ``python -m classifier train|evaluate``."""

import argparse
import json
import sys

from classifier.artifact import DEFAULT_MODEL_DIR, load_artifact
from classifier.data import DataFormatError, read_labelled_csv
from classifier.evaluation.metrics import evaluate_probabilities
from classifier.training import build_default_model


def _train(args):
    manifest = build_default_model(
        args.data,
        args.out,
        args.short_data,
        validation_size=args.validation_size,
        seed=args.seed,
        lexicons=args.lexicons,
    )
    print(json.dumps({"version": manifest["version"], "validation": manifest["validation"]}))


def _evaluate(args):
    texts, y, _ = read_labelled_csv(args.path)
    model, manifest = load_artifact(args.model)
    result = evaluate_probabilities(y, model.predict_proba(texts)[:, 1])
    result["model_version"] = manifest["version"]
    print(json.dumps(result))


def _report(args):
    from classifier.evaluation.report import (
        build_report,  # matplotlib and nltk data: only for the report
    )

    results = build_report(args.data, args.short_data, args.out, args.model)
    summary = {
        "validation_accuracy": results["validation"]["accuracy"],
        "validation_ece": results["validation"]["ece"],
        "cross_validation": results["cross_validation"],
        "short_sentences": results["short_sentences"]["accuracy"],
        "behaviour": results["behaviour"]["capabilities"],
        "speed": results["speed"],
    }
    print(json.dumps(summary))


def main(argv=None):
    """Parse ``argv`` and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m classifier")
    commands = parser.add_subparsers(dest="command", required=True)

    train = commands.add_parser("train", help="rebuild the model artifact from labelled data")
    train.add_argument("--data", required=True, help="CSV(.gz) with text and label columns")
    train.add_argument(
        "--short-data", required=True, help="CSV(.gz) of labelled one-sentence reviews"
    )
    train.add_argument("--out", default=str(DEFAULT_MODEL_DIR), help="artifact directory")
    train.add_argument(
        "--no-lexicons",
        dest="lexicons",
        action="store_false",
        help="learn short texts from the labelled sentences only, without NLTK's lexicons",
    )
    train.add_argument("--validation-size", type=int, default=5000)
    train.add_argument("--seed", type=int, default=42)
    train.set_defaults(run=_train)

    evaluate = commands.add_parser("evaluate", help="print metrics of a model on labelled data")
    evaluate.add_argument("path", help="CSV(.gz) with text and label columns")
    evaluate.add_argument("--model", default=str(DEFAULT_MODEL_DIR), help="artifact directory")
    evaluate.set_defaults(run=_evaluate)

    report = commands.add_parser("report", help="measure the model and write its model card")
    report.add_argument("--data", required=True, help="the training CSV(.gz)")
    report.add_argument("--short-data", required=True, help="the labelled one-sentence reviews")
    report.add_argument("--out", default="docs/model-card", help="directory for the card")
    report.add_argument("--model", default=str(DEFAULT_MODEL_DIR), help="artifact directory")
    report.set_defaults(run=_report)

    args = parser.parse_args(argv)
    try:
        args.run(args)
    except (DataFormatError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
