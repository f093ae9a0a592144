//! The live-reload event streams of open pages. At most [`MAX_STREAMS`] are kept, a closed
//! one is dropped as soon as any stream is added or any event sent (a page closed sends
//! nothing more, so its end of the connection reads as closed at once), so no web page can
//! run serve out of file descriptors through the reload endpoint.

use std::io::{ErrorKind, Write};
use std::net::TcpStream;
use std::sync::Mutex;

/// Open event streams kept at most: far more than the tabs an editor has open.
pub(super) const MAX_STREAMS: usize = 32;

/// The open streams.
#[derive(Default)]
pub(super) struct Streams {
    open: Mutex<Vec<TcpStream>>,
}

impl Streams {
    /// Keep `stream`, its head and first event written; handed back when [`MAX_STREAMS`]
    /// live ones are open already.
    pub(super) fn add(&self, stream: TcpStream) -> Result<(), TcpStream> {
        let Ok(mut open) = self.open.lock() else {
            return Err(stream);
        };
        open.retain(|s| !closed(s));
        if open.len() >= MAX_STREAMS {
            return Err(stream);
        }
        open.push(stream);
        Ok(())
    }

    /// Send `bytes` to every open stream, dropping those that went away.
    pub(super) fn send(&self, bytes: &[u8]) {
        if let Ok(mut open) = self.open.lock() {
            open.retain_mut(|s| !closed(s) && s.write_all(bytes).and_then(|()| s.flush()).is_ok());
        }
    }

    /// How many are open (closed ones not yet noticed included).
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.open.lock().map_or(0, |o| o.len())
    }
}

/// Whether the other end closed `stream`: a page never sends anything on its event stream,
/// so anything readable (an end of file, an error) means it is gone.
fn closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let gone = match stream.peek(&mut [0u8; 1]) {
        Err(e) => e.kind() != ErrorKind::WouldBlock,
        Ok(_) => true,
    };
    gone || stream.set_nonblocking(false).is_err()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn closed_streams_go_and_the_rest_are_capped() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let streams = Streams::default();
        let mut clients = Vec::new();
        for _ in 0..MAX_STREAMS {
            clients.push(TcpStream::connect(addr).unwrap());
            let (server_side, _) = listener.accept().unwrap();
            assert!(streams.add(server_side).is_ok());
        }
        clients.push(TcpStream::connect(addr).unwrap());
        let (one_more, _) = listener.accept().unwrap();
        assert!(streams.add(one_more).is_err(), "the cap holds");
        // Ten pages close: their places are free at once.
        for c in clients.drain(..10) {
            drop(c);
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        clients.push(TcpStream::connect(addr).unwrap());
        let (late, _) = listener.accept().unwrap();
        assert!(streams.add(late).is_ok());
        assert_eq!(streams.len(), MAX_STREAMS - 10 + 1);
        streams.send(b": ping\n\n");
        assert_eq!(streams.len(), MAX_STREAMS - 10 + 1);
    }
}
