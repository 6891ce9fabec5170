// A label given on the page teaches the shared model for every visitor, so it is held for
// UNDO_SECONDS before it is sent, and a slip can be taken back until then. The next label,
// "Send now" and leaving the page send a held one at once. Nothing is logged until it is sent.

export const UNDO_SECONDS = 10;

export function createPendingLabel({ send, changed }) {
  let held = null; // { id, label, name, review, timer }

  function take() {
    const label = held;
    held = null;
    if (label) clearTimeout(label.timer);
    changed(null);
    return label;
  }

  async function sendNow() {
    const label = take();
    if (label) await send(label);
  }

  return {
    // Hold `label` for the review `id` (`name` says which review, in words; `review` is kept for
    // whoever undoes it); the one held before is sent now. Resolves when that one is sent.
    hold({ id, label, name, review = null }) {
      const before = sendNow();
      held = { id, label, name, review, timer: setTimeout(sendNow, UNDO_SECONDS * 1000) };
      changed(held);
      return before;
    },
    // Take back the held label, if any: returns it, never sent.
    undo() {
      return held ? take() : null;
    },
    sendNow,
    isHolding: () => held !== null,
    heldId: () => held && held.id,
  };
}
