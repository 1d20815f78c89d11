// Part of `npm run build`: puts the page and its style next to the compiled modules in dist/dashboard.
import { copyFileSync, mkdirSync } from "node:fs";

const here = new URL(".", import.meta.url);
const out = new URL("../dist/dashboard/", import.meta.url);
mkdirSync(out, { recursive: true });
for (const name of ["index.html", "dashboard.css", "favicon.svg"]) copyFileSync(new URL(name, here), new URL(name, out));
