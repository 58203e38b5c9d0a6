// `synack explore` in Debian's headless chromium, driven by playwright-core: the two-way
// handshake's no-stale-connection counterexample clicked through step by step, a back
// step, a search by expression and a bad one. Run by tests/test_explore_browser.cpp:
//   node explore.test.mjs SYNACK_BINARY [SCREENSHOT.png]
// Prints one "ok" line per check; exits 1 at the first failed one, naming it.
import { spawn, spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const [binary, screenshot] = process.argv.slice(2);
if (!binary) {
  console.error("usage: node explore.test.mjs SYNACK_BINARY [SCREENSHOT.png]");
  process.exit(2);
}

// The server prints its address once the port is bound; --port 0 takes a free one.
function startExplorer() {
  const child = spawn(binary, ["explore", "tcp/two-way-handshake", "--port", "0", "--no-open"],
                      { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no address within 60 s:\n" + output)), 60000);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /explorer at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.stderr.on("data", (chunk) => { output += chunk; });
    child.on("exit", (code) => reject(new Error(`synack explore exited ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}

const explorer = startExplorer();
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
let failed = false;
try {
  const url = await explorer.url;
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  // Anything the page asks of another host would show up here: it must ask none.
  page.on("request", (r) => { if (!r.url().startsWith(url)) problems.push("request: " + r.url()); });
  await page.goto(url);
  await page.waitForSelector("#properties .prop");

  const texts = (selector) => page.locator(selector).allTextContents();
  const position = async () => Number(await page.getAttribute("body", "data-position"));
  const badge = (property) =>
    page.locator(`.prop[data-property="${property}"] .now`).textContent();
  const slot = (name) => page.locator(`#slots tr[data-slot="${name}"] .value`).textContent();
  // Waits for the page to stand at `n` (every action re-renders from the server's answer).
  const at = (n) => page.waitForFunction((k) => document.body.dataset.position === String(k), n);
  const check = async (what, fn) => { await fn(); console.log("ok - " + what); };

  await check("the initial state: both endpoints CLOSED, the property true", async () => {
    assert.equal(await position(), 0);
    assert.deepEqual(await texts("#actors span"), ["client CLOSED", "server CLOSED"]);
    assert.equal(await badge("no-stale-connection"), "true");
    assert.deepEqual(await texts("#steps .text"), ["client connect -> sends SYN seq=0",
                                                   "server listen"]);
  });

  await check("jumping to the counterexample of no-stale-connection", async () => {
    await page.click('.prop[data-property="no-stale-connection"] button.trace');
    await page.waitForSelector("#path li:nth-child(5)");
    assert.equal(await page.textContent("#origin"),
                 "Following the counterexample of no-stale-connection (4 steps)");
    assert.deepEqual(await texts("#path .step"), [
      "(initial)",
      "client connect -> sends SYN seq=0",
      "client abort",
      "server listen",
      "server rcv SYN SYN seq=0 -> sends SYN-ACK seq=0 ack=1",
    ]);
    assert.equal(await position(), 0);
    assert.equal(await page.textContent("#next-text"), "next: client connect -> sends SYN seq=0");
  });

  // Each step: the one marked next on the path, what the path then says where everyone
  // stands, and the property's value there.
  const expected = [
    ["client connect -> sends SYN seq=0", "client=SYN-SENT server=CLOSED", "true"],
    ["client abort", "client=CLOSED server=CLOSED", "true"],
    ["server listen", "client=CLOSED server=LISTEN", "true"],
    ["server rcv SYN SYN seq=0 -> sends SYN-ACK seq=0 ack=1", "client=CLOSED server=ESTABLISHED",
     "false"],
  ];
  for (const [i, [step, summary, value]] of expected.entries()) {
    await check(`counterexample step ${i + 1}: ${step}`, async () => {
      const next = page.locator("#steps li.next");
      assert.equal(await next.count(), 1);
      assert.equal(await next.locator(".text").textContent(), step);
      assert.equal(await next.locator(".after").textContent(), "→ " + summary);
      await next.click();
      await at(i + 1);
      assert.equal(await page.textContent("#path li.current .summary"), summary);
      assert.equal(await badge("no-stale-connection"), value);
    });
  }

  await check("at the end: server ESTABLISHED on a SYN the client no longer uses", async () => {
    assert.deepEqual(await texts("#actors span"), ["client CLOSED", "server ESTABLISHED"]);
    assert.equal(await slot("server.state"), "ESTABLISHED");
    assert.equal(await slot("client.state"), "CLOSED");
    assert.equal(await page.locator('#slots tr.changed[data-slot="server.state"]').count(), 1);
    assert.equal(await badge("no-stale-connection"), "false");
    assert.equal(await page.isDisabled("#forward"), true);
  });

  await check("a back step: server LISTEN again, the property true again", async () => {
    await page.click("#back");
    await at(3);
    assert.deepEqual(await texts("#actors span"), ["client CLOSED", "server LISTEN"]);
    assert.equal(await badge("no-stale-connection"), "true");
    assert.equal(await page.textContent("#next-text"),
                 "next: server rcv SYN SYN seq=0 -> sends SYN-ACK seq=0 ack=1");
  });

  await check("a search: the first state where the server is ESTABLISHED", async () => {
    await page.fill("#search-input", "server.state == ESTABLISHED");
    await page.click("#search-go");
    await page.waitForSelector("#search-result:not(:text('searching…'))");
    assert.equal(await page.textContent("#search-result"),
                 "the first state where server.state == ESTABLISHED: 3 steps from the initial state");
    assert.equal(await page.textContent("#origin"),
                 "The shortest path to the first state where server.state == ESTABLISHED");
    assert.equal(await position(), 3);
    assert.equal(await slot("server.state"), "ESTABLISHED");
    assert.deepEqual(await texts("#path .step"), [
      "(initial)",
      "client connect -> sends SYN seq=0",
      "server listen",
      "server rcv SYN SYN seq=0 -> sends SYN-ACK seq=0 ack=1",
    ]);
  });

  await check("a bad expression: the CLI's own error line, and the walk stays", async () => {
    const cli = spawnSync(binary, ["check", "tcp/two-way-handshake", "--sometimes",
                                   "server.stat == X"], { encoding: "utf8" });
    assert.equal(cli.status, 2);
    await page.fill("#search-input", "server.stat == X");
    await page.click("#search-go");
    await page.waitForSelector("#search-result.error");
    assert.equal(await page.textContent("#search-result"), cli.stderr.trim());
    assert.equal(await position(), 3);
    // The browser logs the API's 400 answer; that one is expected.
    const refused = problems.filter((p) => p.includes("status of 400"));
    assert.equal(refused.length, 1);
    problems.splice(problems.indexOf(refused[0]), 1);
  });

  if (screenshot) {
    // The picture in the README: the counterexample's last step, as a user sees it.
    await page.click('.prop[data-property="no-stale-connection"] button.trace');
    await page.waitForSelector("#path li:nth-child(5)");
    await page.click("#path li:nth-child(5)");
    await at(4);
    await page.fill("#search-input", "");
    await page.setViewportSize({ width: 1240, height: 720 });
    await page.screenshot({ path: screenshot });
    console.log("ok - screenshot " + screenshot);
  }

  await check("no console errors and no request to another host", async () => {
    assert.deepEqual(problems, []);
  });
} catch (e) {
  failed = true;
  console.error("FAILED: " + e.message);
} finally {
  await browser.close();
}

// Ctrl-C stops the server cleanly.
const exited = new Promise((resolve) => explorer.child.on("exit", (code) => resolve(code)));
explorer.child.kill("SIGINT");
const code = await exited;
if (code !== 0 || !explorer.output().includes("explorer stopped")) {
  console.error(`FAILED: after SIGINT synack exited ${code}:\n${explorer.output()}`);
  failed = true;
} else {
  console.log("ok - SIGINT stops the server, exit 0");
}
process.exit(failed ? 1 : 0);
