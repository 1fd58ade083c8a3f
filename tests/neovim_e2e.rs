//! Runs the Neovim plugin's headless end-to-end script
//! (`editors/neovim/test/e2e.lua`) against the freshly built `factcheck`
//! binary: with the `nvim` on PATH (Debian's 0.7.2 in CI) and the plugin,
//! and with the Neovim 0.11 binary named by `FACTCHECK_NVIM_0_11` both with
//! the plugin and with a plain `vim.lsp.config`/`vim.lsp.enable` set-up.
//! Each is skipped (with a note) when its Neovim is not there; `.ci/run`
//! installs both.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

fn drain<R: Read + Send + 'static>(mut reader: R) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = reader.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    })
}

/// The Neovim 0.11 binary named by `FACTCHECK_NVIM_0_11` (a set variable
/// naming no executable file is an error, not a skip).
fn nvim_0_11() -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var_os("FACTCHECK_NVIM_0_11")?);
    assert!(
        path.is_file(),
        "FACTCHECK_NVIM_0_11 names no file: {}",
        path.display()
    );
    Some(path)
}

#[test]
fn neovim_plugin_end_to_end() {
    let Some(nvim) = find_on_path("nvim") else {
        eprintln!("note: nvim is not on PATH; skipping the Neovim end-to-end test");
        return;
    };
    run_e2e(&nvim, "plugin");
}

#[test]
fn neovim_0_11_plugin_end_to_end() {
    let Some(nvim) = nvim_0_11() else {
        eprintln!("note: FACTCHECK_NVIM_0_11 is not set; skipping the Neovim 0.11 plugin test");
        return;
    };
    run_e2e(&nvim, "plugin");
}

#[test]
fn neovim_0_11_native_lsp_config_end_to_end() {
    let Some(nvim) = nvim_0_11() else {
        eprintln!(
            "note: FACTCHECK_NVIM_0_11 is not set; skipping the Neovim 0.11 vim.lsp.config test"
        );
        return;
    };
    run_e2e(&nvim, "native");
}

/// Runs the script with `nvim` and the set-up `setup` ("plugin" or "native").
fn run_e2e(nvim: &Path, setup: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("editors/neovim/test/e2e.lua");
    let fixtures = root.join("editors/neovim/test/fixtures");
    assert!(script.is_file(), "missing {}", script.display());

    // A private HOME/XDG tree so the user's config, shada and logs stay out of it.
    let home = tempfile::Builder::new()
        .prefix(&format!("factcheck-nvim-e2e-{setup}-"))
        .tempdir()
        .expect("create temp HOME");
    let home = home.path();

    let mut child = Command::new(nvim)
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(root)
        .env("FACTCHECK_BIN", env!("CARGO_BIN_EXE_factcheck"))
        .env("FACTCHECK_FIXTURES", &fixtures)
        .env("HOME", home)
        .env("FACTCHECK_NVIM_SETUP", setup)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn nvim");
    let stdout = drain(child.stdout.take().expect("stdout"));
    let stderr = drain(child.stderr.take().expect("stderr"));

    let start = Instant::now();
    let status = loop {
        match child.try_wait().expect("wait for nvim") {
            Some(status) => break Some(status),
            None if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => thread::sleep(Duration::from_millis(100)),
        }
    };
    let out = stdout.join().unwrap_or_default();
    let err = stderr.join().unwrap_or_default();
    // 0.7 writes lsp.log under the cache folder, 0.11 under the state folder.
    let lsp_log = ["cache/nvim/lsp.log", "state/nvim/lsp.log"]
        .iter()
        .filter_map(|p| std::fs::read_to_string(home.join(p)).ok())
        .collect::<String>();
    println!(
        "--- {} ({setup}) stdout ---\n{out}\n--- nvim stderr ---\n{err}",
        nvim.display()
    );

    let Some(status) = status else {
        println!("--- lsp.log (tail) ---\n{}", tail(&lsp_log, 4000));
        panic!("nvim did not finish within {TIMEOUT:?}");
    };
    if !status.success() || !out.contains("PASS") {
        println!("--- lsp.log (tail) ---\n{}", tail(&lsp_log, 4000));
    }
    assert!(
        status.success(),
        "nvim exited with {status}: {}",
        out.trim()
    );
    assert!(out.contains("PASS"), "the e2e script did not print PASS");
}

fn tail(s: &str, n: usize) -> &str {
    let mut start = s.len().saturating_sub(n);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}
