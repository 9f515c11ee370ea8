//! A small static file server on std::net, for `cargo xtask serve` and the browser tests.
//!
//! It serves one directory read-only over HTTP/1.1 (GET and HEAD, one request per connection), with the MIME types
//! a wasm page needs, `Cache-Control: no-cache`, and no way out of its root: `..` segments, backslashes, NUL bytes and
//! dot-files are refused, and every resolved path is canonicalised and checked against the canonical root (so a
//! symlink cannot point outside either).

use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// How many ports after the requested one to try before giving up.
const PORT_ATTEMPTS: u16 = 50;
/// Largest request head accepted.
const MAX_HEAD_BYTES: u64 = 16 * 1024;

/// A running server; dropping it (or calling [`Server::stop`]) shuts it down.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds 127.0.0.1 on `port`, or the next free port after it (`port` 0 asks the OS for any free port), and serves
    /// `root` from a background thread. With `log`, prints one line per request.
    pub fn start(root: &Path, port: u16, log: bool) -> io::Result<Server> {
        let root = root.canonicalize().map_err(|e| {
            io::Error::new(e.kind(), format!("cannot serve {}: {e}", root.display()))
        })?;
        let listener = bind(port)?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let stop_flag = Arc::clone(&stop);
        let thread = thread::Builder::new()
            .name("xtask-server".into())
            .spawn(move || {
                for conn in listener.incoming() {
                    if stop_flag.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = conn else { continue };
                    let root = root.clone();
                    let _ = thread::Builder::new()
                        .name("xtask-conn".into())
                        .spawn(move || {
                            if let Err(e) = handle(stream, &root, log) {
                                if log {
                                    eprintln!("  connection error: {e}");
                                }
                            }
                        });
                }
            })?;
        Ok(Server {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL, with a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Blocks the calling thread while the server runs (used by `cargo xtask serve`).
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    /// Stops accepting connections and joins the accept thread.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(t) = self.thread.take() {
            self.stop.store(true, Ordering::SeqCst);
            // Wake the blocking accept() so it sees the flag.
            let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn bind(port: u16) -> io::Result<TcpListener> {
    if port == 0 {
        return TcpListener::bind((Ipv4Addr::LOCALHOST, 0));
    }
    let mut last = None;
    for p in port..port.saturating_add(PORT_ATTEMPTS) {
        match TcpListener::bind((Ipv4Addr::LOCALHOST, p)) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AddrInUse,
        format!(
            "no free port in {port}..{}: {}",
            port.saturating_add(PORT_ATTEMPTS),
            last.map(|e| e.to_string()).unwrap_or_default()
        ),
    ))
}

/// The Content-Type for a file name.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" | "md" | "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum PathError {
    /// Not a well-formed absolute path (bad escape, not UTF-8, NUL, backslash).
    BadRequest,
    /// A `..` segment or a dot-file.
    Forbidden,
}

/// Turns a request target (`/a/b.js?x=1`) into a relative path of plain segments, refusing anything that could leave
/// the root. The returned flag says whether the target ended with a slash.
pub fn sanitize(target: &str) -> Result<(PathBuf, bool), PathError> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(PathError::BadRequest);
    }
    let decoded = percent_decode(path).ok_or(PathError::BadRequest)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return Err(PathError::BadRequest);
    }
    let mut rel = PathBuf::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err(PathError::Forbidden),
            s if s.starts_with('.') => return Err(PathError::Forbidden),
            s => rel.push(s),
        }
    }
    Ok((rel, decoded.ends_with('/')))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

struct Response {
    status: u16,
    reason: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn text(status: u16, reason: &'static str, msg: &str) -> Response {
        Response {
            status,
            reason,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: format!("{status} {reason}: {msg}\n").into_bytes(),
        }
    }
}

fn handle(stream: TcpStream, root: &Path, log: bool) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new((&stream).take(MAX_HEAD_BYTES));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(()); // connection opened and closed (e.g. the shutdown wake-up)
    }
    // Drain the rest of the head; the server needs no request header.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("");
    let head_only = method == "HEAD";
    let response = if method != "GET" && !head_only {
        let mut r = Response::text(405, "Method Not Allowed", "only GET and HEAD");
        r.headers.push(("Allow", "GET, HEAD".into()));
        r
    } else {
        respond(root, target)
    };
    if log {
        println!(
            "  {method} {target} -> {} ({} bytes)",
            response.status,
            response.body.len()
        );
    }
    write_response(&stream, &response, head_only)
}

fn respond(root: &Path, target: &str) -> Response {
    let (rel, trailing_slash) = match sanitize(target) {
        Ok(v) => v,
        Err(PathError::BadRequest) => return Response::text(400, "Bad Request", "bad path"),
        Err(PathError::Forbidden) => return Response::text(403, "Forbidden", "path refused"),
    };
    let mut path = root.join(&rel);
    if path.is_dir() {
        if !trailing_slash {
            let path_only = target.split(['?', '#']).next().unwrap_or("/");
            return Response {
                status: 301,
                reason: "Moved Permanently",
                headers: vec![("Location", format!("{path_only}/"))],
                body: Vec::new(),
            };
        }
        path.push("index.html");
    }
    let real = match path.canonicalize() {
        Ok(p) => p,
        Err(_) => return Response::text(404, "Not Found", target),
    };
    if !real.starts_with(root) || !real.is_file() {
        return Response::text(404, "Not Found", target);
    }
    match fs::read(&real) {
        Ok(body) => Response {
            status: 200,
            reason: "OK",
            headers: vec![("Content-Type", content_type(&real).into())],
            body,
        },
        Err(e) => Response::text(500, "Internal Server Error", &e.to_string()),
    }
}

fn write_response(mut stream: &TcpStream, r: &Response, head_only: bool) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", r.status, r.reason);
    for (k, v) in &r.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        r.body.len()
    ));
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&r.body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_accepts_plain_paths() {
        assert_eq!(sanitize("/"), Ok((PathBuf::new(), true)));
        assert_eq!(
            sanitize("/pkg/yidi.js?v=1"),
            Ok((PathBuf::from("pkg/yidi.js"), false))
        );
        assert_eq!(sanitize("/a/./b%20c/"), Ok((PathBuf::from("a/b c"), true)));
        assert_eq!(
            sanitize("/%E5%BC%82.html"),
            Ok((PathBuf::from("异.html"), false))
        );
    }

    #[test]
    fn sanitize_refuses_escapes() {
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/x",
            "/.git/config",
            "/a/.hidden",
        ] {
            assert_eq!(sanitize(bad), Err(PathError::Forbidden), "{bad}");
        }
        for bad in [
            "relative",
            "/a%5c..%5cb",
            "/a%00b",
            "/%zz",
            "/%ff%fe",
            "http://x/",
        ] {
            assert_eq!(sanitize(bad), Err(PathError::BadRequest), "{bad}");
        }
    }

    #[test]
    fn mime_types() {
        assert_eq!(
            content_type(Path::new("a/yidi_bg.wasm")),
            "application/wasm"
        );
        assert_eq!(
            content_type(Path::new("yidi.js")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("index.HTML")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("p.json")), "application/json");
        assert_eq!(content_type(Path::new("s.css")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("i.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }

    fn get(addr: SocketAddr, target: &str) -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn serves_files_and_refuses_traversal() {
        let base = std::env::temp_dir().join(format!("xtask-server-test-{}", std::process::id()));
        let root = base.join("www");
        fs::create_dir_all(root.join("pkg")).unwrap();
        fs::write(root.join("index.html"), "<title>t</title>").unwrap();
        fs::write(root.join("pkg/m.wasm"), b"\0asm").unwrap();
        fs::write(base.join("secret.txt"), "secret").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(base.join("secret.txt"), root.join("link.txt")).unwrap();

        let server = Server::start(&root, 0, false).unwrap();
        let addr = server.addr();
        let index = get(addr, "/");
        assert!(index.starts_with("HTTP/1.1 200"), "{index}");
        assert!(index.contains("Content-Type: text/html; charset=utf-8"));
        assert!(index.contains("Cache-Control: no-cache"));
        assert!(index.ends_with("<title>t</title>"));
        let wasm = get(addr, "/pkg/m.wasm");
        assert!(wasm.contains("Content-Type: application/wasm"), "{wasm}");
        assert!(get(addr, "/pkg").starts_with("HTTP/1.1 301"));
        assert!(get(addr, "/missing.js").starts_with("HTTP/1.1 404"));
        assert!(get(addr, "/../secret.txt").starts_with("HTTP/1.1 403"));
        assert!(get(addr, "/%2e%2e/secret.txt").starts_with("HTTP/1.1 403"));
        #[cfg(unix)]
        assert!(get(addr, "/link.txt").starts_with("HTTP/1.1 404"));
        server.stop();
        fs::remove_dir_all(&base).unwrap();
    }
}
