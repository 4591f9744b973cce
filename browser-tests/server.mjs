// Starts one Oversight server for a browser-test file, on a free port, with a fresh embedded
// database in a temporary directory (demo data is loaded on first start), and stops it.
//
// The binary is target/debug/oversight (built by `cargo build` / `cargo test`). DATABASE_URL is
// removed from the environment so that the server starts its own embedded PostgreSQL.
import { spawn } from "node:child_process";
import { mkdtemp, chmod, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const binary = process.env.OVERSIGHT_BINARY ?? path.join(projectRoot, "target", "debug", "oversight");
const STARTUP_TIMEOUT_MS = 90_000;

/** Asks the operating system for a free TCP port on the loopback interface. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the server. Resolves to { baseUrl, stop } once it prints "Oversight is running at ".
 */
export async function startServer() {
  if (!existsSync(binary)) {
    throw new Error(`${binary} does not exist: build it first with \`SQLX_OFFLINE=true cargo build\``);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), "oversight-browser-test-"));
  // The embedded database runs as the `postgres` user when we are root: it must be able to
  // reach its data directory inside this one.
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.OVERSIGHT_NO_DEMO; // the tests sign in with the demo accounts
  env.RUST_LOG ??= "warn";

  const child = spawn(binary, ["serve", "--bind", `127.0.0.1:${port}`, "--data-dir", dataDir], {
    cwd: projectRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });

  // If this test process ends without running `stop` (killed, crashed), do not leave the
  // server and its database running.
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);

  let output = "";
  const remember = (chunk) => {
    output += chunk.toString();
    if (output.length > 20_000) output = output.slice(-20_000);
  };
  child.stderr.on("data", remember);

  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`the server did not start within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output}`));
    }, STARTUP_TIMEOUT_MS);
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      remember(chunk);
      stdout += chunk.toString();
      const match = stdout.match(/^Oversight is running at (http:\/\/\S+?)\/?\s*$/m);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}, signal ${signal}) before it was ready:\n${output}`));
    });
  });

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    process.removeListener("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      let timer;
      const timeout = new Promise((resolve) => {
        timer = setTimeout(() => resolve("timeout"), 20_000);
      });
      const outcome = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (outcome === "timeout") {
        child.kill("SIGKILL");
        await exited;
      }
    }
    await rm(dataDir, { recursive: true, force: true }).catch(() => {});
  }

  return { baseUrl, stop, output: () => output };
}
