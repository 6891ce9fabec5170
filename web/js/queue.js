// The "needs a label" queue: the review the model is least sure of, labelled by keyboard, the
// next one shown at once. Labels go through the held label (pending.js), so `u` takes back the
// last one until the next label or UNDO_SECONDS.

import * as api from "./api.js";
import { firstWords } from "./format.js";

const MAX_SKIPPED = 200; // as the API takes

export function createQueue(view, pending, run) {
  // Claims are per tab: two tabs of one person are two labellers.
  const claimer = `tab-${crypto.randomUUID()}`;
  const visit = { current: null, skipped: [], labelled: 0, unsureLeft: 0, exact: true };

  function show(review) {
    visit.current = review;
    view.showItem(review, visit);
    view.setUndoable(pending.isHolding());
  }

  async function showNext() {
    const heldId = pending.isHolding() ? [pending.heldId()] : [];
    const skip = [...visit.skipped, ...heldId].slice(-MAX_SKIPPED);
    const answer = await api.nextToLabel(claimer, skip);
    visit.unsureLeft = answer.unsure_left;
    visit.exact = answer.unsure_left_is_exact;
    show(answer.review);
  }

  function label(sentiment) {
    const review = visit.current;
    if (!review) return;
    visit.labelled += 1;
    const name = `“${firstWords(review.text)}”`;
    view.showNote(`Labelled ${name} ${sentiment}. Press u to take it back.`);
    return run(async () => {
      const sent = pending.hold({ id: review._id, label: sentiment, name, review });
      await Promise.all([sent, showNext()]);
    });
  }

  function skip() {
    const review = visit.current;
    if (!review) return;
    visit.skipped.push(review._id);
    view.showNote(`Skipped “${firstWords(review.text)}”.`);
    return run(showNext);
  }

  function undo() {
    const taken = pending.undo();
    if (!taken || !taken.review) {
      view.showNote("Nothing to undo: the last label was sent. Correct it on the review's page.");
      return;
    }
    visit.labelled -= 1;
    view.showNote(`Took back the label of ${taken.name}.`);
    show(taken.review);
  }

  view.bindQueue({ label, skip, undo });

  return {
    enter() {
      return run(async () => {
        await showNext();
        view.focusQueue();
      });
    },
    undo,
    heldChanged() {
      if (view.isShown()) view.setUndoable(pending.isHolding());
    },
  };
}
