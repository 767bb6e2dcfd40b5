// The build empties ../ResumePair.Gateway/wwwroot; the folder is git-ignored except its .gitkeep, so put it back.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
writeFileSync(fileURLToPath(new URL("../../ResumePair.Gateway/wwwroot/.gitkeep", import.meta.url)), "");
