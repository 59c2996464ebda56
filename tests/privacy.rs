//! Privacy (issue 8): skillgap makes no network request, and writes resume text nowhere but the
//! output asked for (standard output, or the `-o FILE`).
//!
//! - Static, always run: no network client, TLS stack, async socket runtime or DNS resolver in
//!   `Cargo.lock`, and no socket API in `src/` or `build.rs`.
//! - Dynamic: the binary is run under `strace -f` (when strace is installed and may trace; else
//!   the test prints a note and passes) and must make no network system call at all, not even
//!   `socket()`, and open no file for writing but the requested output.
//! - Files: in a fresh working directory with a fresh `TMPDIR` and `HOME`, a run leaves nothing
//!   behind but the requested output.
//!
//! Manual check (README "Privacy"):
//! `strace -f -e trace=%network skillgap batch fixtures/resumes -f html -o /tmp/c.html`
//! prints no system call, only `+++ exited with 0 +++`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::fixture;

/// Crates whose presence in the dependency graph would mean the binary can talk to a network:
/// HTTP/WebSocket/mail/SSH clients and servers, TLS stacks, async socket runtimes, socket
/// wrappers, DNS resolvers. `mio` and `socket2` are listed although a crate may pull them for
/// something else (terminal events): if one appears, find out why before allowing it here.
const NETWORK_CRATES: &[&str] = &[
    // HTTP clients and servers
    "reqwest",
    "hyper",
    "hyper-util",
    "hyper-tls",
    "hyper-rustls",
    "h2",
    "h3",
    "quinn",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "surf",
    "attohttpc",
    "minreq",
    "http-req",
    "ehttp",
    "tiny_http",
    "actix-web",
    "axum",
    "warp",
    "rocket",
    "tide",
    // WebSocket, mail, SSH, git transports, messaging
    "tungstenite",
    "tokio-tungstenite",
    "websocket",
    "lettre",
    "ssh2",
    "libssh2-sys",
    "git2",
    "zmq",
    "libp2p",
    // TLS
    "native-tls",
    "openssl",
    "openssl-sys",
    "rustls",
    "tokio-rustls",
    "tokio-native-tls",
    "rustls-native-certs",
    "webpki-roots",
    // async runtimes and socket layers
    "tokio",
    "async-std",
    "async-net",
    "async-io",
    "smol",
    "mio",
    "socket2",
    // DNS
    "trust-dns-resolver",
    "hickory-resolver",
    "hickory-proto",
];

/// Names of every package in a `Cargo.lock` text.
fn lock_packages(lock: &str) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Lock {
        package: Vec<Package>,
    }
    #[derive(serde::Deserialize)]
    struct Package {
        name: String,
    }
    let lock: Lock = toml::from_str(lock).expect("Cargo.lock parses");
    lock.package.into_iter().map(|p| p.name).collect()
}

/// The network crates among a lock file's packages.
fn network_packages(lock: &str) -> BTreeSet<String> {
    lock_packages(lock)
        .into_iter()
        .filter(|name| NETWORK_CRATES.contains(&name.as_str()))
        .collect()
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cargo_lock() -> String {
    std::fs::read_to_string(manifest_dir().join("Cargo.lock")).expect("Cargo.lock is readable")
}

#[test]
fn no_network_crate_in_the_dependency_graph() {
    let lock = cargo_lock();
    let packages = lock_packages(&lock);
    // A sanity check that this is the real lock file, not an empty or partial one.
    for expected in ["skillgap", "clap", "serde", "aho-corasick"] {
        assert!(
            packages.iter().any(|p| p == expected),
            "Cargo.lock has no `{expected}`: is it the project's lock file?"
        );
    }
    let found = network_packages(&lock);
    assert!(
        found.is_empty(),
        "Cargo.lock pulls network, TLS or socket crates {found:?}; skillgap promises to make no \
         network request (README \"Privacy\"). `cargo tree -i CRATE` shows who brings them in."
    );
}

#[test]
fn the_lock_file_check_catches_a_network_crate() {
    let mut lock = cargo_lock();
    lock.push_str(
        "\n[[package]]\nname = \"reqwest\"\nversion = \"0.12.0\"\n\n\
         [[package]]\nname = \"rustls\"\nversion = \"0.23.0\"\n",
    );
    let found: Vec<String> = network_packages(&lock).into_iter().collect();
    assert_eq!(found, ["reqwest", "rustls"]);
}

/// Socket APIs of the standard library (and their Unix-domain cousins).
const SOCKET_APIS: &[&str] = &[
    "std::net",
    "TcpStream",
    "TcpListener",
    "UdpSocket",
    "ToSocketAddrs",
    "SocketAddr",
    "UnixStream",
    "UnixListener",
    "UnixDatagram",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_socket_api_in_the_sources() {
    let root = manifest_dir();
    let mut files = vec![root.join("build.rs")];
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 10, "found only {files:?}");
    let mut hits = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for api in SOCKET_APIS {
                if line.contains(api) {
                    hits.push(format!(
                        "{}:{}: {api}",
                        file.strip_prefix(&root).unwrap().display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        hits.is_empty(),
        "socket APIs in the sources; skillgap promises to make no network request:\n{}",
        hits.join("\n")
    );
}

/// A fresh working directory, `TMPDIR` and `HOME` for one run.
struct Sandbox {
    _root: tempfile::TempDir,
    work: PathBuf,
    tmp: PathBuf,
    home: PathBuf,
}

impl Sandbox {
    fn new() -> Sandbox {
        let root = tempfile::Builder::new()
            .prefix("skillgap-privacy")
            .tempdir()
            .unwrap();
        let [work, tmp, home] = ["work", "tmp", "home"].map(|d| {
            let p = root.path().join(d);
            std::fs::create_dir(&p).unwrap();
            p.canonicalize().unwrap()
        });
        Sandbox {
            _root: root,
            work,
            tmp,
            home,
        }
    }

    /// Point a command at the sandbox: working directory, `TMPDIR`, `HOME`, no XDG overrides.
    fn apply<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        cmd.current_dir(&self.work)
            .env("TMPDIR", &self.tmp)
            .env("HOME", &self.home)
            .env_remove("XDG_CACHE_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_STATE_HOME")
            .env_remove("XDG_RUNTIME_DIR")
    }

    /// Every file and folder under the three directories, relative to the sandbox.
    fn contents(&self) -> BTreeSet<String> {
        let mut all = BTreeSet::new();
        for (name, dir) in [
            ("work", &self.work),
            ("tmp", &self.tmp),
            ("home", &self.home),
        ] {
            for entry in walkdir::WalkDir::new(dir).min_depth(1) {
                let entry = entry.unwrap();
                let rel = entry.path().strip_prefix(dir).unwrap();
                all.insert(format!("{name}/{}", rel.display()));
            }
        }
        all
    }
}

/// The runs both dynamic tests make: (arguments, the output file they ask for, if any).
fn runs() -> Vec<(Vec<String>, Option<&'static str>)> {
    let f = |rel: &str| fixture(rel).display().to_string();
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    vec![
        (s(&["analyze", &f("resumes/alex-rivera.txt")]), None),
        (
            s(&["analyze", &f("formats/robin-vale.docx"), "--format", "json"]),
            None,
        ),
        (
            s(&[
                "analyze",
                &f("formats/robin-vale.fpdf2.pdf"),
                "--job",
                &f("postings/tailor/backend-go.md"),
                "--format",
                "markdown",
            ]),
            None,
        ),
        (
            s(&[
                "batch",
                &f("resumes"),
                &f("formats"),
                "--format",
                "html",
                "-o",
                "cohort.html",
            ]),
            Some("cohort.html"),
        ),
        (
            s(&[
                "batch",
                &f("resumes"),
                "--format",
                "csv",
                "-o",
                "people.csv",
            ]),
            Some("people.csv"),
        ),
    ]
}

/// `fixtures/formats` holds broken PDFs on purpose: a batch over it exits 3.
fn check_status(args: &[String], status: std::process::ExitStatus, stderr: &[u8]) {
    let ok = match args[0].as_str() {
        "batch" => matches!(status.code(), Some(0 | 3)),
        _ => status.success(),
    };
    assert!(
        ok,
        "skillgap {args:?}: {status}\n{}",
        String::from_utf8_lossy(stderr)
    );
}

#[test]
fn nothing_written_but_the_requested_output() {
    for (args, output) in runs() {
        let sandbox = Sandbox::new();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_skillgap"));
        let out = sandbox.apply(&mut cmd).args(&args).output().unwrap();
        check_status(&args, out.status, &out.stderr);
        let expected: BTreeSet<String> = output.iter().map(|o| format!("work/{o}")).collect();
        assert_eq!(
            sandbox.contents(),
            expected,
            "skillgap {args:?} left files behind besides its output"
        );
        if let Some(o) = output {
            let len = std::fs::metadata(sandbox.work.join(o)).unwrap().len();
            assert!(len > 0, "{o} is empty");
        }
    }
}

/// Whether strace is installed and allowed to trace here (containers often forbid ptrace).
fn strace_usable() -> bool {
    Command::new("strace")
        .args(["-f", "-o", "/dev/null", "true"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// System calls that touch sockets (strace's `%network` class, plus the i386 multiplexer).
const NETWORK_SYSCALLS: &[&str] = &[
    "socket",
    "socketpair",
    "socketcall",
    "connect",
    "bind",
    "listen",
    "accept",
    "accept4",
    "getsockname",
    "getpeername",
    "getsockopt",
    "setsockopt",
    "sendto",
    "recvfrom",
    "sendmsg",
    "recvmsg",
    "sendmmsg",
    "recvmmsg",
    "shutdown",
];

/// One traced system call: its name and the rest of the line. Lines look like
/// `1234 openat(AT_FDCWD, "x", O_RDONLY) = 3` or `1234 socket(... <unfinished ...>`;
/// `<... resumed>`, signal and exit lines give `None`.
fn syscall(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_start_matches(|c: char| c.is_ascii_digit()).trim();
    let open = rest.find('(')?;
    let name = &rest[..open];
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| (name, &rest[open + 1..]))
}

/// The first quoted string of a system call's arguments (a path).
fn first_path(args: &str) -> Option<&str> {
    let start = args.find('"')? + 1;
    let len = args[start..].find('"')?;
    Some(&args[start..start + len])
}

/// Paths a trace opened for writing (or created), with the line, unless the call failed.
fn opened_for_writing(trace: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in trace.lines() {
        let Some((name, args)) = syscall(line) else {
            continue;
        };
        let writes = match name {
            "creat" => true,
            "open" | "openat" | "openat2" => ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC"]
                .iter()
                .any(|f| args.contains(f)),
            _ => false,
        };
        // A call another thread interrupted ends in `<unfinished ...>`, its result on a later
        // line: count it, whatever the result.
        if writes && !args.contains(") = -1 ") {
            if let Some(path) = first_path(args) {
                out.push((path.to_string(), line.to_string()));
            }
        }
    }
    out
}

#[test]
fn the_trace_parser_reads_strace_lines() {
    let trace = "\
123 openat(AT_FDCWD, \"out.html\", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 3
123 openat(AT_FDCWD, \"/tmp/t\", O_RDWR|O_CLOEXEC|O_TMPFILE, 0666) = 4
123 openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3
125 openat(AT_FDCWD, \"c.html\", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666 <unfinished ...>
125 <... openat resumed>)             = 3
124 openat(AT_FDCWD, \"/nope\", O_WRONLY|O_CREAT, 0666) = -1 EACCES (Permission denied)
124 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 5
124 <... read resumed>\"x\", 1) = 1
124 +++ exited with 0 +++
";
    let writes: Vec<String> = opened_for_writing(trace)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(writes, ["out.html", "/tmp/t", "c.html"]);
    let names: Vec<&str> = trace.lines().filter_map(syscall).map(|s| s.0).collect();
    assert_eq!(
        names,
        ["openat", "openat", "openat", "openat", "openat", "socket"]
    );
    assert!(NETWORK_SYSCALLS.contains(&names[5]));
}

#[test]
fn no_network_system_call_and_no_stray_write_under_strace() {
    if !strace_usable() {
        eprintln!(
            "note: strace is not installed or may not trace here; skipping the dynamic network \
             check (the Cargo.lock and source checks in tests/privacy.rs still ran)"
        );
        return;
    }
    for (args, output) in runs() {
        let sandbox = Sandbox::new();
        let log = sandbox.tmp.parent().unwrap().join("strace.log");
        let mut cmd = Command::new("strace");
        cmd.args([
            "-f",
            "-qq",
            "-s",
            "4096",
            "-e",
            "trace=%network,%file",
            "-o",
        ])
        .arg(&log)
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_skillgap"))
        .args(&args);
        let out = sandbox.apply(&mut cmd).output().unwrap();
        check_status(&args, out.status, &out.stderr);
        let trace = std::fs::read_to_string(&log).unwrap();
        assert!(
            trace.contains("execve("),
            "strace logged nothing useful:\n{trace}"
        );

        let network: Vec<&str> = trace
            .lines()
            .filter(|l| syscall(l).is_some_and(|(name, _)| NETWORK_SYSCALLS.contains(&name)))
            .collect();
        assert!(
            network.is_empty(),
            "skillgap {args:?} made network system calls:\n{}",
            network.join("\n")
        );

        // Every file opened for writing is the requested output, /dev/null or /dev/tty. No
        // temporary file either: `batch --format html` spools the per-person sections in memory.
        let wanted = output.map(|o| sandbox.work.join(o));
        let writes = opened_for_writing(&trace);
        if let Some(w) = &wanted {
            // The trace must show the one write we know of, or it shows nothing.
            assert!(
                writes.iter().any(|(p, _)| &sandbox.work.join(p) == w),
                "the trace does not show {} being opened for writing:\n{trace}",
                w.display()
            );
        }
        for (path, line) in writes {
            let abs = sandbox.work.join(&path);
            let allowed =
                Some(&abs) == wanted.as_ref() || path == "/dev/null" || path == "/dev/tty";
            assert!(
                allowed,
                "skillgap {args:?} opened a file for writing that is not its output:\n{line}"
            );
        }
    }
}
