//! Just enough HTTP/1.1 for the endpoint: a request's head read with a bound on its size, its
//! body read only when its declared length is within the cap, and one response per connection.

use std::io::{self, Read, Write};

/// The most a request's line and headers may take.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;

/// A request's line and headers.
#[derive(Debug, Default)]
pub struct Head {
    pub method: String,
    pub path: String,
    /// Names in lower case, values trimmed, in order.
    pub headers: Vec<(String, String)>,
}

impl Head {
    /// The first header called `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Reads a request's head; gives it and the bytes of the body that came with it. `Ok(None)`
/// when the head is malformed or larger than [`MAX_HEAD_BYTES`].
pub fn read_head(stream: &mut impl Read) -> io::Result<Option<(Head, Vec<u8>)>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_HEAD_BYTES {
            return Ok(None);
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let rest = buf.split_off(end + 4);
    let Ok(text) = std::str::from_utf8(&buf[..end]) else { return Ok(None) };
    let mut lines = text.split("\r\n");
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(path), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Ok(None);
    };
    if !version.starts_with("HTTP/1.") || parts.next().is_some() {
        return Ok(None);
    }
    let mut head = Head { method: method.to_owned(), path: path.to_owned(), headers: Vec::new() };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { return Ok(None) };
        head.headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    Ok(Some((head, rest)))
}

/// Reads the rest of a body of `len` bytes, `got` being what came with the head.
pub fn read_body(stream: &mut impl Read, mut got: Vec<u8>, len: usize) -> io::Result<Vec<u8>> {
    if got.len() > len {
        got.truncate(len);
    }
    let missing = len - got.len();
    got.reserve_exact(missing);
    stream.take(missing as u64).read_to_end(&mut got)?;
    if got.len() < len {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the body ended early"));
    }
    Ok(got)
}

/// Writes a response with a JSON body and closes the exchange.
pub fn respond(
    stream: &mut impl Write,
    status: u16,
    extra: &[(&str, &str)],
    json: &str,
) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        _ => "Internal Server Error",
    };
    let mut out = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        json.len()
    );
    for (name, value) in extra {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(json);
    stream.write_all(out.as_bytes())?;
    stream.flush()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_is_read_and_the_body_that_came_with_it_kept() {
        let raw = b"POST /clip HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nab";
        let (head, rest) = read_head(&mut &raw[..]).unwrap().unwrap();
        assert_eq!((head.method.as_str(), head.path.as_str()), ("POST", "/clip"));
        assert_eq!(head.header("content-length"), Some("5"));
        assert_eq!(rest, b"ab");
        let body = read_body(&mut &b"cde"[..], rest, 5).unwrap();
        assert_eq!(body, b"abcde");
        assert!(read_body(&mut &b"c"[..], b"ab".to_vec(), 5).is_err());
        assert!(read_head(&mut &b"nonsense\r\n\r\n"[..]).unwrap().is_none());
        let huge = vec![b'a'; MAX_HEAD_BYTES + 10];
        assert!(read_head(&mut &huge[..]).unwrap().is_none());
    }
}
