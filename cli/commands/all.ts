/** Every command module, provided at once for in-process runs of the CLI (tests, scripts). */
import * as abbrev from "./abbrev.js";
import * as capture from "./capture.js";
import * as compile from "./compile.js";
import * as conform from "./conform.js";
import * as demo from "./demo.js";
import * as dump from "./dump.js";
import * as explore from "./explore.js";
import * as goobj from "./goobj.js";
import * as goobjs from "./goobjs.js";
import { provideCommandModules } from "./index.js";
import * as link from "./link.js";
import * as objdump from "./objdump.js";
import * as sourceUrl from "./source-url.js";
import * as split from "./split.js";

provideCommandModules({
  abbrev,
  capture,
  compile,
  conform,
  demo,
  dump,
  explore,
  goobj,
  goobjs,
  link,
  objdump,
  "source-url": sourceUrl,
  split,
});
