// Import a file: start a job, stream the file to it, and show its progress meanwhile.

import * as api from "./api.js";

const POLL_MS = 700;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function createImports(view, run, imported) {
  async function importFile(file) {
    const format = /\.(jsonl|ndjson)$/i.test(file.name) ? "jsonl" : "csv";
    view.setImporting(true);
    try {
      const job = await api.startImport(file.name, format, file.size);
      view.showImport(job);
      let settled = false;
      const upload = api.uploadImport(job._id, file).finally(() => {
        settled = true;
      });
      while (!settled) {
        await Promise.race([upload.catch(() => {}), sleep(POLL_MS)]);
        if (!settled) view.showImport(await api.readImport(job._id));
      }
      let done;
      try {
        done = await upload;
        view.showImport(done);
      } catch (problem) {
        view.showImport(await api.readImport(job._id)); // what was stored, and why it stopped
        throw problem;
      }
      await imported();
      view.setImporting(false);
      // The reviews are stored; their words become searchable a little later.
      while (done.words_indexed < done.stored) {
        await sleep(POLL_MS);
        done = await api.readImport(job._id);
        view.showImport(done);
      }
    } finally {
      view.setImporting(false);
    }
  }

  view.bindImport((file) => run(() => importFile(file)));
}
