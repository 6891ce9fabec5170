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
      try {
        view.showImport(await upload);
      } catch (problem) {
        view.showImport(await api.readImport(job._id)); // what was stored, and why it stopped
        throw problem;
      }
      await imported();
    } finally {
      view.setImporting(false);
    }
  }

  view.bindImport((file) => run(() => importFile(file)));
}
