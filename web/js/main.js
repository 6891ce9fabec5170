// Composition root.

import { createController } from "./controller.js";
import { createState } from "./state.js";
import * as view from "./view.js";

createController(view, createState()).start();
