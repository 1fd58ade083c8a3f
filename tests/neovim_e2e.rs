//! Runs the Neovim plugin's headless end-to-end script
//! (`editors/neovim/test/e2e.lua`) against the freshly built `factcheck`
//! binary. Skipped (with a note) when `nvim` is not on PATH.

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

#[test]
fn neovim_plugin_end_to_end() {
    let Some(nvim) = find_on_path("nvim") else {
        eprintln!("note: nvim is not on PATH; skipping the Neovim end-to-end test");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("editors/neovim/test/e2e.lua");
    let fixtures = root.join("editors/neovim/test/fixtures");
    assert!(script.is_file(), "missing {}", script.display());

    // A private HOME/XDG tree so the user's config, shada and logs stay out of it.
    let home = std::env::temp_dir().join(format!("factcheck-nvim-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("create temp HOME");

    let mut child = Command::new(&nvim)
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(root)
        .env("FACTCHECK_BIN", env!("CARGO_BIN_EXE_factcheck"))
        .env("FACTCHECK_FIXTURES", &fixtures)
        .env("HOME", &home)
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
    let lsp_log = std::fs::read_to_string(home.join("cache/nvim/lsp.log")).unwrap_or_default();
    println!("--- nvim stdout ---\n{out}\n--- nvim stderr ---\n{err}");
    let _ = std::fs::remove_dir_all(&home);

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
