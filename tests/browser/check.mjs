// Opens skillgap's HTML reports in headless Chromium (Debian's `chromium`, driven by
// playwright-core over the DevTools protocol) and checks what a person would do with them:
// loads without console errors, sorts, filters (with the "n of N shown" count and the empty
// state), follows a person link to their card, nothing overflows the page at 390 px and chart
// text stays at least 11 px. Times the load, a sort and a filter, and saves screenshots at 1400
// and 390 px under target/browser/.
//
//   node tests/browser/check.mjs PAGE.html[:kind] ...     kind: cohort (default) or person
//
// Prints one line per page and check; exits 1 when any check fails. Timings are printed, and
// checked against the issue's budget only with BUDGET=1 (a shared, loaded CI machine is no
// place for speed targets; benches are).
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SHOTS = process.env.SHOTS || "target/browser";
const BUDGET = process.env.BUDGET === "1";
/// The issue's targets for 2,474 people: load < 2 s, sort and filter < 150 ms.
const LOAD_MS = 2000, ACT_MS = 150;

const pages = process.argv.slice(2).map((arg) => {
  const m = /^(.*?)(?::(cohort|person))?$/.exec(arg);
  return { file: path.resolve(m[1]), kind: m[2] || "cohort" };
});
if (!pages.length) {
  console.error("usage: node tests/browser/check.mjs PAGE.html[:cohort|person] ...");
  process.exit(2);
}

let failed = 0;
function check(page, what, ok, detail = "") {
  console.log(`${ok ? "ok  " : "FAIL"} ${page}: ${what}${detail ? ` (${detail})` : ""}`);
  if (!ok) failed++;
}

// playwright starts Chromium with a fresh, temporary --user-data-dir of its own.
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  // Flags that work in a container without a GPU, a sandbox or the network.
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
mkdirSync(SHOTS, { recursive: true });

try {
  for (const { file, kind } of pages) {
    const name = path.basename(file, ".html");
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    // Self-contained: any request that is not the page itself fails the check.
    const requests = [];
    await ctx.route("**/*", (route) => {
      const url = route.request().url();
      if (url === pathToFileURL(file).href || url.startsWith("data:")) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const page = await ctx.newPage();
    const errors = [];
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));

    const started = Date.now();
    await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 120_000 });
    const loadMs = Date.now() - started;
    const nav = await page.evaluate(() => {
      const t = performance.getEntriesByType("navigation")[0];
      return { dom: Math.round(t.domContentLoadedEventEnd), load: Math.round(t.loadEventEnd),
        nodes: document.getElementsByTagName("*").length, bytes: t.decodedBodySize };
    });
    console.log(`     ${name}: ${(nav.bytes / 1e6).toFixed(2)} MB, ${nav.nodes} elements, ` +
      `load ${nav.load} ms (wall ${loadMs} ms)`);
    if (BUDGET) check(name, `loads in < ${LOAD_MS} ms`, nav.load < LOAD_MS, `${nav.load} ms`);
    await page.screenshot({ path: `${SHOTS}/${name}-1400.png`, fullPage: false });

    if (kind === "cohort") await cohort(page, name);
    else await person(page, name);

    // A phone: nothing wider than the screen, chart text readable.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const narrow = await page.evaluate(() => {
      const root = document.documentElement;
      const tooWide = [];
      for (const e of document.querySelectorAll("body *")) {
        if (e.closest(".scroller") || e.closest("script,style")) continue;
        const r = e.getBoundingClientRect();
        if (r.width && r.right > root.clientWidth + 1) tooWide.push(`${e.tagName.toLowerCase()}.${e.className}`);
      }
      // Chart text: every element with text of its own inside a bar chart (`.bars`, the cohort
      // page's and the person page's) or an SVG drawing.
      const ownText = (e) => [...e.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
      const chartText = [...document.querySelectorAll(".bars *, svg text")]
        .filter((e) => ownText(e) && e.getClientRects().length)
        .map((e) => {
          const px = parseFloat(getComputedStyle(e).fontSize);
          const svg = e.ownerSVGElement;
          // SVG text shrinks with its drawing: the size on screen is what counts.
          return svg ? px * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : px;
        });
      return { scroll: root.scrollWidth, client: root.clientWidth, tooWide: tooWide.slice(0, 5),
        minText: chartText.length ? Math.min(...chartText) : null };
    });
    check(name, "no horizontal overflow at 390 px", narrow.scroll <= narrow.client && !narrow.tooWide.length,
      `page ${narrow.scroll} px${narrow.tooWide.length ? "; " + narrow.tooWide.join(", ") : ""}`);
    if (narrow.minText !== null) {
      check(name, "chart text ≥ 11 px at 390 px", narrow.minText >= 11, `${narrow.minText.toFixed(1)} px`);
    }
    await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: false });
    // Print styles apply: the filter and buttons go, the table stays.
    await page.emulateMedia({ media: "print" });
    const printed = await page.evaluate(() => {
      const f = document.getElementById("filter");
      return f ? getComputedStyle(f).display : "none";
    });
    check(name, "print hides the controls", printed === "none", printed);
    await page.setViewportSize({ width: 800, height: 1100 });
    await page.screenshot({ path: `${SHOTS}/${name}-print.png`, fullPage: false });
    await page.emulateMedia({ media: "screen" });

    check(name, "no console errors", errors.length === 0, errors.slice(0, 3).join(" | "));
    check(name, "loads nothing from the network", requests.length === 0, requests.slice(0, 3).join(" "));
    await ctx.close();
  }
} finally {
  await browser.close();
}
if (failed) {
  console.log(`${failed} checks failed`);
  process.exit(1);
}

/// Time an action inside the page, up to the next frame (layout and paint included).
async function timed(page, fn, arg) {
  return page.evaluate(async ([src, a]) => {
    const f = new Function("a", `return (${src})(a)`);
    const t = performance.now();
    f(a);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return Math.round(performance.now() - t);
  }, [fn.toString(), arg]);
}

async function cohort(page, name) {
  const n = await page.$$eval("#people-table tbody tr", (rs) => rs.length);
  check(name, "has people", n > 0, `${n} rows`);
  check(name, "count says all are shown", (await page.textContent("#count")).startsWith(`${n.toLocaleString("en-US")} of`));

  // Sort by fit (or coverage) with the keyboard: focus the header button, press Enter.
  const key = (await page.$('th[data-key="s"] button')) ? "s" : "c";
  await page.focus(`th[data-key="${key}"] button`);
  const sortMs = await timed(page, () => document.activeElement.click());
  const sorted = await page.evaluate((k) => {
    const col = [...document.querySelectorAll("#people-table thead th")].findIndex((th) => th.dataset.key === k);
    const v = [...document.querySelectorAll("#people-table tbody tr:not(.card-row)")]
      .map((tr) => tr.classList.contains("failed") ? -1 : parseFloat(tr.cells[col].textContent));
    return { desc: v.every((x, i) => i === 0 || v[i - 1] >= x),
      aria: document.querySelector(`th[data-key="${k}"]`).getAttribute("aria-sort") };
  }, key);
  check(name, "sorts by score, highest first", sorted.desc && sorted.aria === "descending", `${sortMs} ms, aria-sort=${sorted.aria}`);
  await page.keyboard.press("Enter");
  const asc = await page.$eval(`th[data-key="${key}"]`, (th) => th.getAttribute("aria-sort"));
  check(name, "Enter on the header button sorts the other way", asc === "ascending");
  const nameSortMs = await timed(page, () => document.querySelector('th[data-key="name"] button').click());
  console.log(`     ${name}: sort ${sortMs} ms by score, ${nameSortMs} ms by name`);
  if (BUDGET) check(name, `sorts in < ${ACT_MS} ms`, Math.max(sortMs, nameSortMs) < ACT_MS, `${sortMs}, ${nameSortMs} ms`);

  // Filter by a skill name found in the first person's card, in another case.
  const skill = await page.evaluate(() => {
    const skills = JSON.parse(document.getElementById("skills").textContent);
    const lines = document.getElementById("cards").textContent.split("\n");
    for (const l of lines) {
      if (!l) continue;
      const d = JSON.parse(l);
      if (d.found && d.found.length) return { id: skills[d.found[0][0]][0], name: skills[d.found[0][0]][1] };
    }
    return null;
  });
  if (skill) {
    const filterMs = await timed(page, (q) => {
      const f = document.getElementById("filter");
      f.value = q;
      f.dispatchEvent(new Event("input"));
    }, skill.name.toUpperCase());
    await page.waitForTimeout(50);
    const shown = await page.$$eval("#people-table tbody tr:not(.card-row)", (rs) => rs.filter((r) => !r.hidden).length);
    const count = await page.textContent("#count");
    check(name, `filter "${skill.name.toUpperCase()}" finds people`, shown > 0 && count.startsWith(shown.toLocaleString("en-US") + " of"),
      `${count}, ${filterMs} ms`);
    // The skill's id finds the same people in "skills found".
    await page.selectOption("#scope", "found");
    await page.fill("#filter", skill.id);
    await page.waitForTimeout(50);
    const byId = await page.$$eval("#people-table tbody tr:not(.card-row)", (rs) => rs.filter((r) => !r.hidden).length);
    check(name, `filter by id "${skill.id}" in skills found`, byId > 0 && byId <= shown, `${byId} shown`);
    console.log(`     ${name}: filter ${filterMs} ms`);
    if (BUDGET) check(name, `filters in < ${ACT_MS} ms`, filterMs < ACT_MS, `${filterMs} ms`);
  }
  await page.selectOption("#scope", "all");
  await page.fill("#filter", "zzzz-no-such-skill");
  await page.waitForTimeout(50);
  const emptyShown = await page.isVisible("#empty");
  check(name, "empty state when no one matches", emptyShown && (await page.textContent("#count")).startsWith("0 of"));
  await page.click("#clear");
  await page.waitForTimeout(50);
  check(name, "clearing the filter shows everyone", (await page.textContent("#count")).startsWith(`${n.toLocaleString("en-US")} of`));

  // Follow a person link: the card opens below the row, with evidence visible.
  const first = await page.$('#people-table tbody tr:not(.failed) td.who a');
  if (first) {
    const href = await first.getAttribute("href");
    await first.click();
    const card = await page.evaluate((h) => {
      const row = document.querySelector(h);
      const next = row && row.nextElementSibling;
      const c = next && next.querySelector(".card");
      return c ? { text: c.innerText.slice(0, 400), evidence: c.querySelectorAll("q").length,
        expanded: row.querySelector("a").getAttribute("aria-expanded"), hash: location.hash } : null;
    }, href);
    check(name, `link ${href} opens the person's card`, card !== null && card.expanded === "true" && card.hash === href,
      card ? card.text.split("\n")[0] : "no card");
    await page.evaluate((h) => document.querySelector(h).scrollIntoView(), href);
    await page.screenshot({ path: `${SHOTS}/${name}-card-1400.png`, fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate((h) => document.querySelector(h).scrollIntoView(), href);
    await page.screenshot({ path: `${SHOTS}/${name}-card-390.png`, fullPage: false });
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.click(".card .close");
    check(name, "Close closes the card", (await page.$$(".card")).length === 0);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

async function person(page, name) {
  const title = await page.textContent("h1");
  check(name, "has a heading", Boolean(title && title.trim()), title && title.trim());
  await page.screenshot({ path: `${SHOTS}/${name}-full-1400.png`, fullPage: true });
}
