// Bundles the console into ../assets/console/ (committed: the binary
// embeds those files, so `cargo run` needs no Node). The output depends on
// the sources only: no timestamps, no source maps with absolute paths.
import { build } from "esbuild";

const common = { bundle: true, minify: true, legalComments: "none", logLevel: "warning" };
await build({
  ...common,
  entryPoints: ["src/main.ts"],
  outfile: "../assets/console/console.js",
  format: "iife",
  // ES2020: what the Chromium 86 of 360 and QQ browsers on office PCs runs.
  target: ["es2020"],
  charset: "utf8",
});
await build({
  ...common,
  entryPoints: ["src/console.css"],
  outfile: "../assets/console/console.css",
  charset: "utf8",
});
