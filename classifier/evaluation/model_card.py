"""The model card: the measurements of ``classifier.evaluation.report`` written out as Markdown."""

import numpy as np

from classifier.evaluation.behaviour import CAPABILITIES


def _pct(value):
    return f"{100 * value:.2f}%"


def _rate(value):
    return f"{100 * value:.1f}%"


def _metrics_row(name, m):
    cells = [_pct(m["accuracy"]), f"{m['roc_auc']:.4f}"]
    if m.get("probabilities", True):
        cells += [f"{m['log_loss']:.4f}", f"{m['ece']:.4f}"]
    else:
        cells += ["n/a", "n/a"]  # an SVM's margins are not probabilities
    return f"| {name} | {' | '.join(cells)} |"


def _model_section(r):
    manifest, speed = r["manifest"], r["speed"]
    parameters, data = manifest["parameters"], manifest["training_data"]
    low, high = parameters["ngram_range"]
    short, long = parameters["short_text"]
    return [
        "## Model",
        f"- Shipped artifact `{manifest['version']}` ({speed['artifact_mb']:.1f} MB). Its review "
        f"part is trained on {data['n']:,} of the {r['n_reviews']:,} reviews of `{data['file']}` "
        "(IMDb Large Movie Review Dataset, train split; Maas et al., 2011); the other "
        f"{manifest['guard']['n']:,}, held out from it, are its guard set (accuracy there "
        f"{_pct(manifest['guard']['accuracy'])}), which online labels are checked against. Its "
        f"short-text part learns from the {data['short_sentences']['n']:,} labelled sentences "
        f"of `{data['short_sentences']['file']}` (Kotzias et al., KDD 2015), sentences made "
        "from the opinion lexicon (Hu & Liu, 2004) and VADER's (Hutto & Gilbert, 2014), and "
        "the sentences of its training reviews without any lexicon word, taught as neutral.",
        "- Text: HTML removed, case and accents folded, contractions expanded, group, name and "
        "place words read as one placeholder each, numbers as `<num>`, ratings out of ten as "
        "low/middling/high, links dropped, an unknown word read as the known word one typo away; "
        "`!`, `?` and emoticons kept. Negation marked `_NEG` to the end of its clause (a negated "
        'opinion to the end of its sentence), a question answered "no" negated; after *but* '
        "words weigh 1.5, before it 0.5; others' opinions, *used to* and *at first* weigh 0.",
        f"- Features: word {low}- to {high}-grams hashed into {parameters['n_features']:,} "
        f"columns, and for texts under {long} tokens again into "
        f"{parameters['short_features']:,} more; sublinear tf, scaled by |naive-Bayes log-count "
        "ratio| + 0.1, L2-normalised per block.",
        f"- Classifier: the review part logistic regression by SGD (alpha "
        f"{parameters['alpha']:g}, {parameters['epochs']} epochs, no intercept), "
        "temperature-scaled; the short-text part logistic regression (L-BFGS, L2 "
        f"{parameters['short_alpha']:g}) on top of a learned share of the review part, its weight "
        f"1 below {short} tokens, falling to 0 at {long}; online updates PA-I with step "
        f"{parameters['online_step']:g}.",
    ]


def _validation_section(r):
    validation, cv = r["validation"], np.array(r["cross_validation"])
    cm = validation["confusion_matrix"]
    lines = [
        "## Full reviews",
        "5,000 reviews of whole movies held out from the training file (blocks of 100 "
        "consecutive ids, seed 42): the IMDb test split shares no movie with its train split, "
        "and a random split, which does, reads higher. The model below is fitted on the other "
        "reviews; the shipped one on all but its guard set. Its temperature is fitted on this "
        "same split, so its ECE flatters it a little; the cross-validation below has no such "
        "advantage. The references are fitted on the same reviews.",
        "",
        "| model | accuracy | ROC AUC | log loss | ECE (15 bins) |",
        "|---|---|---|---|---|",
        _metrics_row("**this model**", validation),
    ]
    lines += [_metrics_row(name, m) for name, m in r["baselines"].items()]
    lines += [
        "",
        f"Grouped 5-fold cross-validation over all {r['n_reviews']:,} reviews (whole movies "
        "per fold, both parts refitted each time): accuracy "
        f"{_pct(cv.mean())} ± {_pct(cv.std())} (folds: {', '.join(_pct(s) for s in cv)}).",
        "",
        "![confusion matrix](confusion.png) ![reliability diagram](reliability.png)",
        "",
        f"Confusion matrix (rows true, columns predicted; negative, positive): {cm}.",
    ]
    return lines


def _short_section(r):
    short, snippets = r["short_sentences"], r["snippets"]
    lines = [
        "## Short texts",
        f"The {r['n_sentences']:,} labelled one-sentence product and restaurant reviews, by "
        "5-fold cross-validation: the short-text part refitted without each fifth and measured "
        f"on it. Snippets: the {snippets['n']:,} sentences of the validation reviews that lean "
        "hardest their review's way by the opinion lexicon (`classifier.evaluation.snippets`). "
        "*Not sure*: the share with a probability between 1/3 and 2/3, which the page shows as "
        '"mixed / not sure".',
        "",
        "| model | short sentences | snippets |",
        "|---|---|---|",
        f"| **this model** | {_pct(short['accuracy'])} (ECE {short['ece']:.3f}, not sure "
        f"{_rate(short['unsure'])}) | {_pct(snippets['accuracy'])} (not sure "
        f"{_rate(snippets['unsure'])}) |",
    ]
    lines += [
        f"| {name} | {_pct(m['short_sentences'])} | {_pct(m['snippets'])} |"
        for name, m in r["baselines"].items()
    ]
    lines.append("")
    lines.append("The references learn from reviews only, and are measured on all the sentences.")
    return lines


def _behaviour_section(r):
    behaviour = r["behaviour"]
    references = {n: m["behaviour"] for n, m in r["baselines"].items() if "behaviour" in m}
    lines = [
        "## Behaviour",
        "Our behavioural suite (`classifier.evaluation.behaviour`, in the style of CheckList, "
        "Ribeiro et al., ACL 2020): minimum-functionality, invariance and directional tests "
        "from our own templates and word lists; robustness and directional tests change "
        "sentences of the guard reviews, which no model here has seen. A probability of "
        "positive under 1/3 reads negative, over 2/3 positive, between neutral. Failure rates "
        "(lower is better), the mean of each capability's tests:",
        "",
        "| capability | this model | " + " | ".join(references) + " |",
        "|---|---|" + "---|" * len(references),
    ]
    for capability in CAPABILITIES:
        cells = [_rate(behaviour["capabilities"][capability])]
        cells += [_rate(m[capability]) for m in references.values()]
        lines.append(f"| {capability} | {' | '.join(cells)} |")
    lines += [
        "",
        "The group, name and place words of the fairness and robustness tests are also in the "
        "tokenizer's placeholder lists (`classifier.placeholders`); \"groups named nowhere "
        'else" measures sentences with group words the model has no list for.',
        "",
        "| test | capability | kind | cases | failure rate | a failure |",
        "|---|---|---|---|---|---|",
    ]
    for test in behaviour["tests"]:
        example = test["examples"][0].replace("|", "/") if test["examples"] else ""
        lines.append(
            f"| {test['name']} | {test['capability']} | {test['kind']} | {test['n']} | "
            f"{_rate(test['failure_rate'])} | {example} |"
        )
    return lines


def _online_section(r):
    online = r["online"]
    before, after = online["imdb_before"], online["imdb_after"]
    lines = [
        "## Online learning on snippets",
        "Snippets of the validation reviews: "
        f"{online['n_stream']:,} taught one label at a time through `partial_fit`, "
        f"{online['n_test']:,} held out.",
        "",
        "| labels taught | held-out snippet accuracy |",
        "|---|---|",
    ]
    lines += [f"| {n:,} | {_pct(acc)} |" for n, acc in online["curve"]]
    lines += [
        "",
        "![online learning curve](online-curve.png)",
        "",
        f"On the {online['n_untaught_reviews']:,} full-length validation reviews that gave no "
        f"snippet to the stream, after all {online['n_stream']:,} updates: accuracy "
        f"{_pct(after['accuracy'])} (before: {_pct(before['accuracy'])}), ECE "
        f"{after['ece']:.4f} (before: {before['ece']:.4f}).",
    ]
    return lines


def _active_learning_section(r):
    online = r["online"]
    curves = online["active_learning"]
    random_by_n = dict(curves["random"])
    lines = [
        '## What the "needs a label" queue buys',
        f"The same {online['n_stream']:,} snippets as a pool of unlabelled texts and the same "
        f"{online['n_test']:,} held out: labels taught one at a time, chosen least sure first "
        "by the model as it learns (the queue's rule, here re-scoring the whole pool before "
        f"each choice) or at random (mean of {curves['random_orders']} orders).",
        "",
        "| labels taught | least sure first | at random |",
        "|---|---|---|",
    ]
    lines += [
        f"| {n:,} | {_pct(acc)} | {_pct(random_by_n[n])} |" for n, acc in curves["uncertainty"]
    ]
    lines += ["", "![active learning curve](active-learning.png)"]
    return lines


def _speed_section(r):
    speed = r["speed"]
    batch_key = next(k for k in speed if k.startswith("classify_batch_"))
    return [
        "## Speed and size (in-process, medians)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| load the artifact (hash check included) | {speed['load_s']:.2f} s |",
        f"| classify one review | {speed['classify_one_ms']:.2f} ms |",
        f"| classify {batch_key.split('_')[2]} reviews in one call | {speed[batch_key]:.2f} s |",
        f"| one online `train` update | {speed['train_one_ms']:.2f} ms |",
        f"| the server's guard check of one label | {speed['guard_check_ms']:.2f} ms |",
        f"| artifact on disk | {speed['artifact_mb']:.1f} MB |",
    ]


def render_model_card(r):
    """Markdown for the measurements ``r``."""
    lines = [
        "# Model card: movie-review sentiment",
        "",
        "Written by `python -m classifier report` (`make report`); every figure below was "
        f"measured in that run, on {r['machine']}. Raw numbers: `measurements.json`.",
        "",
    ]
    for section in (
        _model_section,
        _validation_section,
        _short_section,
        _behaviour_section,
        _online_section,
        _active_learning_section,
        _speed_section,
    ):
        lines += section(r) + [""]
    return "\n".join(lines)
