// Composition root.

import { createController } from "./controller.js";
import * as importView from "./import-view.js";
import * as modelView from "./model-view.js";
import * as queueView from "./queue-view.js";
import * as reviewView from "./review-view.js";
import { createState } from "./state.js";
import * as view from "./view.js";

createController({ view, reviewView, queueView, importView, modelView }, createState()).start();
