// The model view: its numbers from the API, and the operator's confirm and rollback. The
// operator token lives in this closure only: never in storage, gone with the tab.

import * as api from "./api.js";
import { percent } from "./format.js";

export function createModelView(view, run) {
  let token = null;
  let previewed = null;

  async function refresh() {
    const [model, versions] = await Promise.all([api.modelDashboard(), api.modelVersions()]);
    view.showModel(model);
    view.showVersions(versions);
  }

  function operatorAction(action) {
    return run(async () => {
      try {
        await action();
      } catch (problem) {
        if (problem.status !== 401) throw problem;
        token = null;
        view.showOperatorActions(false);
        view.showOperatorNote("");
        throw new Error("The operator token was refused: paste it again (the server's TRAIN_TOKEN).");
      }
    });
  }

  view.bindOperator({
    useToken(given) {
      token = given || null;
      view.showOperatorActions(token !== null);
      view.showOperatorNote(token ? "Token kept in this tab until you close or reload it." : "");
    },
    confirm: () =>
      operatorAction(async () => {
        const model = await api.confirmModel(token);
        const held = model.guard ? `: the guard holds labels to ${percent(model.guard.baseline)} now` : "";
        view.showOperatorNote(`Confirmed ${model.version}${held}.`);
        await refresh();
      }),
    preview: (version) =>
      operatorAction(async () => {
        previewed = await api.previewRollback(version, token);
        view.showPreview(previewed);
      }),
    rollback: () =>
      operatorAction(async () => {
        const model = await api.rollBack(previewed.version, token);
        previewed = null;
        view.showPreview(null);
        view.showOperatorNote(`Rolled back: every visitor is served ${model.version} now.`);
        await refresh();
      }),
    cancel() {
      previewed = null;
      view.showPreview(null);
    },
  });

  return {
    enter: () =>
      run(async () => {
        await refresh();
        view.focusModel();
      }),
  };
}
