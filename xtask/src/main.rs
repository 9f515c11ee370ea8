//! `cargo xtask <task>`: build, serve, test and report for yidi. See `cargo xtask help`.
//!
//! Every task installs what it needs on a fresh machine and skips what is already there: the wasm32 target (rustup),
//! wasm-bindgen-cli at the version in Cargo.lock (cargo install), the pinned Node tooling in tests/browser (npm ci,
//! skipped while node_modules matches package-lock.json), and Debian's Chromium + ChromeDriver (apt-get, only when
//! /usr/bin/chromium is missing).

mod generated;
mod glue;
mod policies;
mod server;

use std::env;
use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use server::Server;

/// The crate whose wasm build is shipped.
const CRATE: &str = "yidi";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Used when Cargo.lock does not (yet) name a wasm-bindgen version.
const WASM_BINDGEN_FALLBACK_VERSION: &str = "0.2.130";
/// The wasm features wasm-opt must keep (the ones rustc 1.95 emits for wasm32-unknown-unknown), plus stripping.
const WASM_OPT_ARGS: &[&str] = &[
    "-Oz",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-sign-ext",
    "--strip-debug",
    "--strip-producers",
];
/// The wasm modules built into www/: the page's (built-in policies only) and the full one (a policies file of the
/// embedder's own, with validation, and the coverage listing), loaded only when needed.
const WASM_MODULES: &[(&str, &str)] = &[("pkg", ""), ("pkg-full", "full")];
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const APT_PACKAGES: &[&str] = &["chromium", "chromium-driver", "fonts-wqy-microhei"];
const DEFAULT_PORT: u16 = 8080;
/// Gzipped first-load budget, checked by `cargo xtask report`.
const BUDGET_GZIP_BYTES: u64 = 150_000;

type Result<T = (), E = String> = std::result::Result<T, E>;

const HELP: &str = "\
usage: cargo xtask <task> [options]

tasks:
  build             wasm builds of the crate into www/pkg and www/pkg-full (--features full) with wasm-bindgen
                    --target web and wasm-opt -Oz, then the served site in target/site: www/ with its scripts and
                    styles minified (terser, csso), the page's and the element's scripts bundled (esbuild)
  serve [--port N]  build, then serve target/site on http://127.0.0.1:N/ (default 8080, or the next free port)
        [--no-build]
  test [STEP...]    all of these steps in order, or only the named ones:
                    fmt (cargo fmt --check), prettier (prettier --check), clippy (-D warnings, native and wasm32), native (cargo test),
                    types (cargo xtask types --check), hant (cargo xtask hant --check), build, wasm (tests/wasm.rs in headless Chromium), browser
                    (tests/browser/*.test.mjs)
  report            first-load asset sizes (raw and gzipped, vs a 150 KB gzip budget), time to first result and
                    microseconds per estimate() in headless Chromium, and `cargo bench --bench estimate`
  fmt               cargo fmt --all, then prettier --write over www/ and tests/browser/
  schema [--check]  www/policies.schema.json from the Rust types (--check: fail if the committed file differs)
  types [--check]   www/yidi-types.d.ts, the TypeScript declarations of the JavaScript API's types, from the Rust
                    types (ts-rs; --check: fail if the committed file differs)
  bake              src/policies.postcard: the built-in policies baked for the page's wasm, from policies.json (after
                    editing it; until then the build stops and says so)
  hant [--check]    the Traditional Chinese, generated from the Simplified with OpenCC (Taiwan phrases): the core's
                    table src/hant.rs, the page's words www/i18n/zh-Hant.js and the region search's
                    Traditional → Simplified table www/place-hant.js (--check: fail if one differs)
  fuzz [--inputs N] tests/fuzz.rs optimised (profile bench: release with unwinding): N hostile queries and policies
       [--seed S]   files (default 1,000,000) from seed S (default: the clock, printed); a crash, a hang (> 100 ms)
                    or a broken invariant fails it
  help              this text
";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let rest = args.get(1..).unwrap_or(&[]);
    let result = match task {
        "build" => no_args(rest).and_then(|()| build()),
        "serve" => serve(rest),
        "test" => test(rest),
        "report" => no_args(rest).and_then(|()| report()),
        "fmt" => no_args(rest).and_then(|()| fmt()),
        "fuzz" => fuzz(rest),
        // Regenerated policies mean a new baked form for the page (`bake`); `--check` changes nothing.
        "policies" => policies::run_task(rest).and_then(|()| {
            if rest.iter().any(|a| a == "--check") {
                Ok(())
            } else {
                bake()
            }
        }),
        "schema" => generated::run_task(&generated::SCHEMA, rest),
        "types" => generated::run_task(&generated::TYPES, rest),
        "hant" => hant(rest),
        "bake" => no_args(rest).and_then(|()| bake()),
        "help" | "-h" | "--help" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask {task}: FAILED: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask hant [--check]`: xtask/hant/gen.mjs with the pinned tooling's OpenCC.
fn hant(rest: &[String]) -> Result {
    let check = match rest {
        [] => false,
        [a] if a == "--check" => true,
        [a, ..] => return Err(format!("unexpected argument `{a}`")),
    };
    ensure_node_modules()?;
    let mut c = cmd("node");
    c.arg(root().join("xtask/hant/gen.mjs"));
    if check {
        c.arg("--check");
    }
    run(c)
}

/// `cargo xtask bake`: src/policies.postcard, the built-in policies as the page's wasm reads them, written again from
/// policies.json (by tests/baked.rs, which otherwise fails when the file is out of date).
fn bake() -> Result {
    let mut c = cargo();
    c.args(["test", "-q", "--test", "baked"])
        .env("YIDI_BAKE", "write");
    run(c)?;
    println!("src/policies.postcard written from policies.json");
    Ok(())
}

fn no_args(rest: &[String]) -> Result {
    match rest.first() {
        None => Ok(()),
        Some(a) => Err(format!("unexpected argument `{a}`")),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Paths and commands
// ---------------------------------------------------------------------------------------------------------------

/// The repository root (the parent of xtask/).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the repository root")
        .to_path_buf()
}

fn tooling_dir() -> PathBuf {
    root().join("tests").join("browser")
}

/// The served site: www/ with its scripts and styles minified (see `build`).
fn site_dir() -> PathBuf {
    target_dir().join("site")
}

fn target_dir() -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(d) => root().join(d),
        None => root().join("target"),
    }
}

fn cargo_home_bin() -> Option<PathBuf> {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .map(|h| h.join("bin"))
}

/// PATH with cargo's bin directory first, so tools that `cargo install` just put there are found (by us and by
/// cargo's wasm32 runner) even when the shell's PATH lacks it.
fn child_path() -> OsString {
    let current = env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = env::split_paths(&current).collect();
    if let Some(bin) = cargo_home_bin() {
        if !dirs.contains(&bin) {
            dirs.insert(0, bin);
        }
    }
    env::join_paths(dirs).unwrap_or(current)
}

fn cmd(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root()).env("PATH", child_path());
    c
}

fn cargo() -> Command {
    cmd(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn describe(c: &Command) -> String {
    let root = format!("{}/", root().display());
    let show = |a: &std::ffi::OsStr| {
        let a = a.to_string_lossy();
        a.strip_prefix(&root)
            .map(str::to_owned)
            .unwrap_or_else(|| a.into_owned())
    };
    let program = Path::new(c.get_program());
    let mut s = if program.is_absolute() && !program.starts_with(&root) {
        // e.g. $CARGO or ~/.cargo/bin/wasm-bindgen: the name is enough
        program.file_name().map(show).unwrap_or_default()
    } else {
        show(c.get_program())
    };
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&show(a));
    }
    s
}

/// Runs a command with inherited stdio; an error names the command.
fn run(mut c: Command) -> Result {
    let desc = describe(&c);
    println!("$ {desc}");
    let _ = io::stdout().flush();
    let status = c
        .status()
        .map_err(|e| format!("could not start `{desc}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{desc}` exited with {status}"))
    }
}

/// Runs a command quietly and returns its stdout, or None if it could not run or failed.
fn output(mut c: Command) -> Option<String> {
    let out = c.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn which(program: &str) -> Option<PathBuf> {
    env::split_paths(&child_path())
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

fn step_banner(title: &str) {
    println!("\n==> {title}");
    let _ = io::stdout().flush();
}

// ---------------------------------------------------------------------------------------------------------------
// Installs (each one skips itself when already satisfied)
// ---------------------------------------------------------------------------------------------------------------

fn ensure_wasm_target() -> Result {
    let mut list = cmd("rustup");
    list.args(["target", "list", "--installed"]);
    match output(list) {
        Some(installed) if installed.lines().any(|l| l.trim() == WASM_TARGET) => Ok(()),
        Some(_) => {
            let mut add = cmd("rustup");
            add.args(["target", "add", WASM_TARGET]);
            run(add)
        }
        None => {
            // No rustup: the toolchain may still ship the target; the build will say if it doesn't.
            println!("note: rustup not found; assuming the toolchain has {WASM_TARGET}");
            Ok(())
        }
    }
}

/// The wasm-bindgen version Cargo.lock resolved, so the CLI always matches the crate.
fn wasm_bindgen_version() -> String {
    let lock = fs::read_to_string(root().join("Cargo.lock")).unwrap_or_default();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
            {
                return v.trim_end_matches('"').to_string();
            }
        }
    }
    WASM_BINDGEN_FALLBACK_VERSION.to_string()
}

/// Makes sure `wasm-bindgen` (and `wasm-bindgen-test-runner`) at `version` are installed; returns wasm-bindgen's path.
fn ensure_wasm_bindgen(version: &str) -> Result<PathBuf> {
    let installed = |version: &str| -> Option<PathBuf> {
        let path = which("wasm-bindgen")?;
        let mut c = cmd(&path);
        c.arg("--version");
        let out = output(c)?;
        let runner_ok = which("wasm-bindgen-test-runner").is_some();
        (out.split_whitespace().nth(1) == Some(version) && runner_ok).then_some(path)
    };
    if let Some(p) = installed(version) {
        return Ok(p);
    }
    println!("wasm-bindgen-cli {version} not found; installing it (takes a few minutes, once per machine)");
    let mut c = cargo();
    // No --locked: one of the CLI's locked dependencies is no longer downloadable.
    c.args(["install", "wasm-bindgen-cli", "--version", version]);
    run(c)?;
    installed(version).ok_or_else(|| {
        format!("wasm-bindgen {version} still not on PATH after cargo install (looked in cargo's bin too)")
    })
}

/// `npm ci` in tests/browser unless node_modules was installed from the same package.json + package-lock.json.
fn ensure_node_modules() -> Result {
    let dir = tooling_dir();
    let manifest = fs::read(dir.join("package.json"))
        .map_err(|e| format!("cannot read tests/browser/package.json: {e}"))?;
    let lock = fs::read(dir.join("package-lock.json")).unwrap_or_default();
    let mut wanted = manifest;
    wanted.extend_from_slice(b"\n--- package-lock.json ---\n");
    wanted.extend_from_slice(&lock);
    let stamp = dir.join("node_modules").join(".xtask-stamp");
    if fs::read(&stamp).ok().as_deref() == Some(&wanted[..]) {
        return Ok(());
    }
    if which("npm").is_none() {
        return Err("npm not found: install Node.js 20+ with npm".into());
    }
    let mut c = cmd("npm");
    c.current_dir(&dir).args([
        if lock.is_empty() { "install" } else { "ci" },
        "--no-audit",
        "--no-fund",
    ]);
    run(c)?;
    fs::write(&stamp, &wanted).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}

fn node_bin(name: &str) -> PathBuf {
    tooling_dir().join("node_modules").join(".bin").join(name)
}

fn is_root() -> bool {
    let mut c = cmd("id");
    c.arg("-u");
    output(c).is_some_and(|s| s.trim() == "0")
}

fn ensure_chromium() -> Result {
    if Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file() {
        return Ok(());
    }
    println!("{CHROMIUM} or {CHROMEDRIVER} missing; installing Debian's Chromium");
    let sudo = !is_root();
    let apt = |args: &[&str]| {
        let mut c = if sudo { cmd("sudo") } else { cmd("apt-get") };
        if sudo {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(apt(&["update"]))?;
    let mut install = vec!["install", "-y"];
    install.extend_from_slice(APT_PACKAGES);
    run(apt(&install))?;
    if Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file() {
        Ok(())
    } else {
        Err(format!(
            "apt-get installed {APT_PACKAGES:?} but {CHROMIUM} or {CHROMEDRIVER} is still missing"
        ))
    }
}

// ---------------------------------------------------------------------------------------------------------------
// build
// ---------------------------------------------------------------------------------------------------------------

fn build() -> Result {
    let started = Instant::now();
    step_banner("build: toolchain");
    ensure_wasm_target()?;
    let version = wasm_bindgen_version();
    let wasm_bindgen = ensure_wasm_bindgen(&version)?;
    for (dir, features) in WASM_MODULES {
        build_module(&wasm_bindgen, &version, dir, features)?;
    }
    step_banner("build: the site (www/ minified into target/site)");
    ensure_node_modules()?;
    let mut c = cmd("node");
    c.arg(tooling_dir().join("site.mjs"))
        .arg(root().join("www"))
        .arg(site_dir());
    run(c)?;
    let size = |p: &Path| fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let pkg = root()
        .join("www")
        .join("pkg")
        .join(format!("{CRATE}_bg.wasm"));
    println!(
        "\nbuild: www/pkg/{CRATE}_bg.wasm {} bytes, target/site ({:.1} s)",
        size(&pkg),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// One wasm module: cargo build with `features`, wasm-bindgen and wasm-opt into www/`dir` (skipped when up to date).
fn build_module(wasm_bindgen: &Path, version: &str, dir: &str, features: &str) -> Result {
    step_banner(&format!(
        "build: cargo build (wasm32, profile wasm) for www/{dir}"
    ));
    let mut c = cargo();
    c.args([
        "build",
        "--profile",
        "wasm",
        "--lib",
        "--target",
        WASM_TARGET,
    ]);
    if !features.is_empty() {
        c.args(["--features", features]);
    }
    run(c)?;
    let input = target_dir()
        .join(WASM_TARGET)
        .join("wasm")
        .join(format!("{CRATE}.wasm"));
    // The uplifted file is rewritten whenever the other module was built last: compare contents, not times.
    let bytes = fs::read(&input).map_err(|e| format!("{}: {e}", input.display()))?;
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&bytes, &mut hasher);
    let digest = std::hash::Hasher::finish(&hasher);

    let out_dir = root().join("www").join(dir);
    let out_wasm = out_dir.join(format!("{CRATE}_bg.wasm"));
    let out_js = out_dir.join(format!("{CRATE}.js"));
    let stamp_path = out_dir.join(".xtask-stamp");
    let stamp = format!(
        "input={} size={} hash={digest:x}\nwasm-bindgen={version}\nwasm-opt={}\n{}\n",
        input.display(),
        bytes.len(),
        WASM_OPT_ARGS.join(" "),
        glue::STAMP
    );
    if out_wasm.is_file()
        && out_js.is_file()
        && fs::read_to_string(&stamp_path).ok().as_deref() == Some(&stamp)
    {
        println!("\nwww/{dir} is up to date with {CRATE}.wasm; skipping wasm-bindgen and wasm-opt");
        return Ok(());
    }
    step_banner(&format!("build: wasm-bindgen --target web into www/{dir}"));
    let _ = fs::remove_dir_all(&out_dir);
    let mut c = cmd(wasm_bindgen);
    c.args(["--target", "web", "--out-dir"])
        .arg(&out_dir)
        .arg(&input);
    run(c)?;
    let text = fs::read_to_string(&out_js).map_err(|e| format!("{}: {e}", out_js.display()))?;
    let glue = glue::inline_snippets(&glue::patch(&text)?, |path| {
        let file = out_dir.join(path);
        fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))
    })?;
    let _ = fs::remove_dir_all(out_dir.join("snippets"));
    fs::write(&out_js, glue).map_err(|e| format!("{}: {e}", out_js.display()))?;
    let bound = fs::metadata(&out_wasm).map(|m| m.len()).unwrap_or(0);

    step_banner("build: wasm-opt (binaryen, from tests/browser/node_modules)");
    ensure_node_modules()?;
    let mut c = cmd(node_bin("wasm-opt"));
    c.args(WASM_OPT_ARGS)
        .arg(&out_wasm)
        .arg("-o")
        .arg(&out_wasm);
    run(c)?;
    let optimised = fs::metadata(&out_wasm).map(|m| m.len()).unwrap_or(0);
    println!(
        "www/{dir}/{CRATE}_bg.wasm: {bound} bytes after wasm-bindgen, {optimised} after wasm-opt"
    );
    fs::write(&stamp_path, &stamp).map_err(|e| format!("cannot write stamp: {e}"))
}

// ---------------------------------------------------------------------------------------------------------------
// serve
// ---------------------------------------------------------------------------------------------------------------

fn serve(args: &[String]) -> Result {
    let mut port = DEFAULT_PORT;
    let mut do_build = true;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" | "-p" => {
                let v = it.next().ok_or("--port needs a number")?;
                port = v.parse().map_err(|_| format!("bad port `{v}`"))?;
            }
            s if s.starts_with("--port=") => {
                let v = &s["--port=".len()..];
                port = v.parse().map_err(|_| format!("bad port `{v}`"))?;
            }
            "--no-build" => do_build = false,
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    if do_build {
        build()?;
    }
    let server =
        Server::start(&site_dir(), port, true).map_err(|e| format!("cannot start server: {e}"))?;
    if server.addr().port() != port && port != 0 {
        println!("\nport {port} is busy; using {}", server.addr().port());
    }
    println!(
        "\nServing the calculator (target/site, built from www/) at {}  (Ctrl-C to stop)",
        server.url()
    );
    let _ = io::stdout().flush();
    server.wait();
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------------
// test
// ---------------------------------------------------------------------------------------------------------------

/// (id for `cargo xtask test ID...`, description, action)
type Step = (&'static str, &'static str, fn() -> Result);

fn test(only: &[String]) -> Result {
    let all: &[Step] = &[
        ("fmt", "cargo fmt --check", || {
            let mut c = cargo();
            c.args(["fmt", "--all", "--", "--check"]);
            run(c)
        }),
        ("prettier", "prettier --check", prettier_check),
        (
            "clippy",
            "cargo clippy -D warnings (native and wasm32)",
            || {
                let mut c = cargo();
                c.args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--features",
                    "yidi/schema",
                    "--",
                    "-D",
                    "warnings",
                ]);
                run(c)?;
                // The crate as the browser gets it: the wasm binding, the full module, the wasm tests.
                ensure_wasm_target()?;
                let mut c = cargo();
                c.args([
                    "clippy",
                    "-p",
                    "yidi",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--all-targets",
                    "--features",
                    "full",
                    "--",
                    "-D",
                    "warnings",
                ]);
                run(c)
            },
        ),
        ("native", "cargo test (native)", || {
            let mut c = cargo();
            c.args(["test", "--workspace", "--features", "yidi/schema"]);
            run(c)
        }),
        ("types", "cargo xtask types --check", || {
            generated::run_task(&generated::TYPES, &["--check".to_string()])
        }),
        ("hant", "cargo xtask hant --check", || {
            hant(&["--check".to_string()])
        }),
        ("build", "cargo xtask build", build),
        ("wasm", "wasm-bindgen tests in Chromium", wasm_tests),
        ("browser", "browser tests", browser_tests),
    ];
    for id in only {
        if !all.iter().any(|(i, _, _)| i == id) {
            let ids: Vec<&str> = all.iter().map(|(i, _, _)| *i).collect();
            return Err(format!(
                "unknown test step `{id}`; steps are {}",
                ids.join(", ")
            ));
        }
    }
    let steps: Vec<&Step> = all
        .iter()
        .filter(|(id, _, _)| only.is_empty() || only.iter().any(|o| o == id))
        .collect();
    let started = Instant::now();
    let mut timings = Vec::new();
    for (i, (_, name, f)) in steps.iter().enumerate() {
        step_banner(&format!("test step {}/{}: {name}", i + 1, steps.len()));
        let t = Instant::now();
        if let Err(e) = f() {
            print_timings(&timings);
            return Err(format!(
                "step {}/{} `{name}` failed: {e}",
                i + 1,
                steps.len()
            ));
        }
        timings.push((*name, t.elapsed().as_secs_f64()));
    }
    print_timings(&timings);
    println!(
        "\nxtask test: all {} steps passed in {:.1} s",
        steps.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn print_timings(timings: &[(&str, f64)]) {
    if timings.is_empty() {
        return;
    }
    println!("\nstep timings:");
    for (name, secs) in timings {
        println!("  {secs:7.1} s  {name}");
    }
}

/// The files prettier checks and `cargo xtask fmt` writes (www/pkg is left out through .gitignore).
const PRETTIER_GLOBS: &[&str] = &["www/**/*.{js,mjs,css,html}", "tests/browser/**/*.{mjs,js}"];

fn prettier(mode: &str) -> Result {
    ensure_node_modules()?;
    let mut c = cmd(node_bin("prettier"));
    c.args([
        mode,
        "--no-error-on-unmatched-pattern",
        "--ignore-path",
        ".gitignore",
    ])
    .args(PRETTIER_GLOBS);
    run(c)
}

fn prettier_check() -> Result {
    prettier("--check")
}

fn wasm_tests() -> Result {
    if !root().join("tests").join("wasm.rs").is_file() {
        println!("tests/wasm.rs not found; skipping");
        return Ok(());
    }
    ensure_chromium()?;
    ensure_wasm_bindgen(&wasm_bindgen_version())?;
    let mut c = cargo();
    c.args([
        "test",
        "--target",
        WASM_TARGET,
        "--test",
        "wasm",
        "--features",
        "full",
    ])
    .env("CHROMEDRIVER", CHROMEDRIVER)
    .env(
        "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
        tooling_dir().join("webdriver.json"),
    );
    run(c)
}

fn test_files() -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(tooling_dir())
        .map_err(|e| format!("cannot list tests/browser: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".test.mjs"))
        })
        .collect();
    files.sort();
    Ok(files)
}

fn browser_tests() -> Result {
    let files = test_files()?;
    if files.is_empty() {
        return Err("no tests/browser/*.test.mjs files".into());
    }
    ensure_chromium()?;
    ensure_node_modules()?;
    let server =
        Server::start(&site_dir(), 0, false).map_err(|e| format!("cannot start server: {e}"))?;
    println!("serving target/site at {}", server.url());
    let mut c = cmd("node");
    c.arg("--test")
        .args(&files)
        .env("BASE_URL", server.url())
        .env("SITE_DIR", site_dir());
    let result = run(c);
    server.stop();
    result
}

// ---------------------------------------------------------------------------------------------------------------
// report
// ---------------------------------------------------------------------------------------------------------------

fn report() -> Result {
    build()?;
    ensure_chromium()?;
    ensure_node_modules()?;
    step_banner("report: page (headless Chromium)");
    let server =
        Server::start(&site_dir(), 0, false).map_err(|e| format!("cannot start server: {e}"))?;
    let mut c = cmd("node");
    c.arg(tooling_dir().join("report.mjs"))
        .env("BASE_URL", server.url())
        .env("SITE_DIR", site_dir())
        .env("BUDGET_GZIP_BYTES", BUDGET_GZIP_BYTES.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let page = c.output().map_err(|e| format!("could not start node: {e}"));
    server.stop();
    let page = page?;
    let page_md = String::from_utf8_lossy(&page.stdout).into_owned();
    if !page.status.success() {
        print!("{page_md}");
        return Err(format!(
            "tests/browser/report.mjs exited with {}",
            page.status
        ));
    }

    step_banner("report: cargo bench --bench estimate");
    let mut c = cargo();
    c.args(["bench", "--bench", "estimate"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let bench_md = match c.output() {
        Ok(out) if out.status.success() => bench_table(&String::from_utf8_lossy(&out.stdout)),
        Ok(out) => format!(
            "`cargo bench --bench estimate` failed ({}); see its output above.\n",
            out.status
        ),
        Err(e) => format!("`cargo bench` could not start: {e}\n"),
    };

    println!("\n# yidi size and speed report\n");
    print!("{page_md}");
    println!("\n## Native benchmark (`cargo bench --bench estimate`)\n");
    print!("{bench_md}");
    Ok(())
}

/// A markdown table of criterion's `time: [low estimate high]` lines.
fn bench_table(out: &str) -> String {
    let mut rows = Vec::new();
    let mut last_name = String::new();
    for line in out.lines() {
        match line.split_once("time:") {
            Some((name, times)) => {
                let name = if name.trim().is_empty() {
                    last_name.clone()
                } else {
                    name.trim().to_string()
                };
                let times = times.trim().trim_start_matches('[').trim_end_matches(']');
                let parts: Vec<&str> = times.split_whitespace().collect();
                if parts.len() == 6 {
                    rows.push(format!(
                        "| {name} | {} {} | {} {} | {} {} |",
                        parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]
                    ));
                }
            }
            None if !line.trim().is_empty() && !line.starts_with(' ') => {
                last_name = line.trim().to_string();
            }
            None => {}
        }
    }
    if rows.is_empty() {
        return "No criterion `time:` lines in the output (is the bench written yet?).\n".into();
    }
    let mut s =
        String::from("| benchmark | low | estimate | high |\n| --- | ---: | ---: | ---: |\n");
    for r in rows {
        s.push_str(&r);
        s.push('\n');
    }
    s
}

// ---------------------------------------------------------------------------------------------------------------
// fuzz
// ---------------------------------------------------------------------------------------------------------------

/// `cargo xtask fuzz [--inputs N] [--seed S]`: the fuzz target (tests/fuzz.rs) for a million inputs, optimised as for
/// release, outside CI's time budget (CI's `native` step runs its short default in the test profile). The profile is
/// `bench`: `release` with unwinding, so that a panic is caught and reported; `cargo test --release` would build the
/// library twice, aborting for the `yidi` binary and unwinding for the test, into the same file, and the link fails now
/// and then.
fn fuzz(args: &[String]) -> Result {
    let mut inputs = 1_000_000u64;
    let mut seed = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut number = || -> Result<u64> {
            let v = it.next().ok_or(format!("{a} needs a number"))?;
            v.replace('_', "")
                .parse()
                .map_err(|_| format!("{a} needs a number, not `{v}`"))
        };
        match a.as_str() {
            "--inputs" => inputs = number()?,
            "--seed" => seed = Some(number()?),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let seed = seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs())
    });
    println!("fuzz: {inputs} inputs from seed {seed} (rerun with --seed {seed})");
    let mut c = cargo();
    c.args(["test", "--profile", "bench", "--test", "fuzz"])
        .env("YIDI_FUZZ_INPUTS", inputs.to_string())
        .env("YIDI_FUZZ_SEED", seed.to_string());
    run(c)
}

// ---------------------------------------------------------------------------------------------------------------
// fmt
// ---------------------------------------------------------------------------------------------------------------

fn fmt() -> Result {
    let mut c = cargo();
    c.args(["fmt", "--all"]);
    run(c)?;
    prettier("--write")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_criterion_output() {
        let out = "\
estimate/outpatient     time:   [1.2000 µs 1.2500 µs 1.3000 µs]
                        change: [-1.0% +0.1% +1.2%] (p = 0.80 > 0.05)
estimate/a_very_long_benchmark_name_that_wraps
                        time:   [10.000 µs 11.000 µs 12.000 µs]
";
        let t = bench_table(out);
        assert!(
            t.contains("| estimate/outpatient | 1.2000 µs | 1.2500 µs | 1.3000 µs |"),
            "{t}"
        );
        assert!(
            t.contains("| estimate/a_very_long_benchmark_name_that_wraps | 10.000 µs |"),
            "{t}"
        );
        assert!(bench_table("nothing here").starts_with("No criterion"));
    }

    #[test]
    fn reads_wasm_bindgen_version_from_lockfile() {
        let v = wasm_bindgen_version();
        assert!(v.starts_with("0.2."), "{v}");
    }
}
