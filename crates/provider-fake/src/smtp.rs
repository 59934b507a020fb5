//! A mail sink: a real SMTP server on loopback that accepts every message
//! and keeps it, for the tests and demo mode. It speaks the conversation a
//! client expects (greeting, EHLO/HELO, MAIL FROM, RCPT TO, DATA with dot
//! unstuffing, RSET, NOOP, QUIT), without TLS or authentication.

use std::{
    net::{Ipv4Addr, SocketAddr},
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::Duration,
};

use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::{DateTime, Utc};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::{TcpListener, TcpStream},
    sync::{Notify, oneshot},
};

/// A message as the sink received it.
#[derive(Clone)]
pub struct CapturedMail {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent after DATA (headers and body, CRLF line ends).
    pub raw: String,
    pub received_at: DateTime<Utc>,
}

/// The text of a captured mail: it may hold a secret link, so it is not
/// printed by `Debug`.
impl std::fmt::Debug for CapturedMail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CapturedMail")
            .field("from", &self.from)
            .field("to", &self.to)
            .finish_non_exhaustive()
    }
}

impl CapturedMail {
    fn split(&self) -> (&str, &str) {
        self.raw.split_once("\r\n\r\n").unwrap_or((&self.raw, ""))
    }

    /// A header's value, unfolded, encoded words (RFC 2047) decoded.
    pub fn header(&self, name: &str) -> Option<String> {
        let (headers, _) = self.split();
        let unfolded = headers.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.split("\r\n").find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| decode_words(value.trim()))
        })
    }

    pub fn subject(&self) -> String {
        self.header("Subject").unwrap_or_default()
    }

    /// The body as text, its transfer encoding (base64, quoted-printable or
    /// none) undone.
    pub fn text(&self) -> String {
        let (_, body) = self.split();
        let encoding = self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        match encoding.as_str() {
            "base64" => {
                let compact: String = body.split_whitespace().collect();
                STANDARD
                    .decode(compact)
                    .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                    .unwrap_or_default()
            }
            "quoted-printable" => quoted_printable(body),
            _ => body.to_owned(),
        }
        .replace("\r\n", "\n")
    }
}

/// `=?utf-8?b?…?=` and `=?utf-8?q?…?=` words, as lettre writes them.
fn decode_words(value: &str) -> String {
    let mut decoded = String::new();
    let mut last_was_word = false;
    for part in value.split(' ') {
        let word = part
            .strip_prefix("=?")
            .and_then(|rest| rest.strip_suffix("?="))
            .and_then(|inner| {
                let mut pieces = inner.splitn(3, '?');
                let (_charset, kind, text) = (pieces.next()?, pieces.next()?, pieces.next()?);
                let bytes = match kind {
                    "b" | "B" => STANDARD.decode(text).ok()?,
                    "q" | "Q" => quoted_printable(&text.replace('_', " ")).into_bytes(),
                    _ => return None,
                };
                Some(String::from_utf8_lossy(&bytes).into_owned())
            });
        match word {
            Some(word) => {
                decoded.push_str(&word);
                last_was_word = true;
            }
            None => {
                if !decoded.is_empty() || last_was_word {
                    decoded.push(' ');
                }
                decoded.push_str(part);
                last_was_word = false;
            }
        }
    }
    decoded
}

fn quoted_printable(text: &str) -> String {
    let bytes = text.replace("=\r\n", "").into_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'='
            && index + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(
                std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap_or("zz"),
                16,
            )
        {
            out.push(byte);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Default)]
struct Mailbox {
    mails: Mutex<Vec<CapturedMail>>,
    arrived: Notify,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The sink; it stops listening when dropped.
pub struct SmtpSink {
    address: SocketAddr,
    mailbox: Arc<Mailbox>,
    _stop: oneshot::Sender<()>,
}

/// The longest message the sink takes.
const MAX_MESSAGE: usize = 1 << 20;

impl SmtpSink {
    pub async fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let mailbox = Arc::new(Mailbox::default());
        let (stop, mut stopped) = oneshot::channel::<()>();
        let accepting = mailbox.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    accepted = listener.accept() => {
                        if let Ok((stream, _)) = accepted {
                            let mailbox = accepting.clone();
                            tokio::spawn(async move {
                                if let Err(error) = converse(stream, &mailbox).await {
                                    tracing::debug!(%error, "SMTP sink: conversation ended");
                                }
                            });
                        }
                    }
                }
            }
        });
        Ok(Self {
            address,
            mailbox,
            _stop: stop,
        })
    }

    /// `smtp://127.0.0.1:PORT`, what `AVA_SMTP_URL` takes.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.address)
    }

    /// Every message received so far, oldest first.
    pub fn mails(&self) -> Vec<CapturedMail> {
        lock(&self.mailbox.mails).clone()
    }

    /// The messages to `address` (case-insensitive), oldest first.
    pub fn mails_to(&self, address: &str) -> Vec<CapturedMail> {
        self.mails()
            .into_iter()
            .filter(|mail| mail.to.iter().any(|to| to.eq_ignore_ascii_case(address)))
            .collect()
    }

    /// Waits until `count` messages to `address` have arrived; answers them,
    /// or `None` after `timeout`.
    pub async fn wait_for(
        &self,
        address: &str,
        count: usize,
        timeout: Duration,
    ) -> Option<Vec<CapturedMail>> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let arrived = self.mailbox.arrived.notified();
            let mails = self.mails_to(address);
            if mails.len() >= count {
                return Some(mails);
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return None;
            }
        }
    }
}

/// The address inside `MAIL FROM:<…>` or `RCPT TO:<…>`.
fn path_of(argument: &str) -> String {
    let argument = argument.trim();
    let inner = argument
        .split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map_or(argument, |(inner, _)| inner);
    inner.trim().to_owned()
}

async fn converse(stream: TcpStream, mailbox: &Mailbox) -> std::io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    writer
        .write_all(b"220 ava-smtp-sink ESMTP ready\r\n")
        .await?;
    let mut from: Option<String> = None;
    let mut to: Vec<String> = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        let read = tokio::time::timeout(Duration::from_secs(60), reader.read_line(&mut line))
            .await
            .map_err(|_| std::io::Error::other("idle client"))??;
        if read == 0 {
            return Ok(());
        }
        let command = line.trim_end();
        let (verb, argument) = command.split_once(' ').unwrap_or((command, ""));
        let reply: &[u8] = match verb.to_ascii_uppercase().as_str() {
            "EHLO" => b"250-ava-smtp-sink greets you\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 1048576\r\n",
            "HELO" => b"250 ava-smtp-sink\r\n",
            "MAIL" if argument.to_ascii_uppercase().starts_with("FROM:") => {
                from = Some(path_of(&argument[5..]));
                to.clear();
                b"250 OK\r\n"
            }
            "RCPT" if argument.to_ascii_uppercase().starts_with("TO:") => {
                if from.is_none() {
                    b"503 MAIL first\r\n"
                } else {
                    to.push(path_of(&argument[3..]));
                    b"250 OK\r\n"
                }
            }
            "DATA" => {
                if from.is_none() || to.is_empty() {
                    b"503 RCPT first\r\n"
                } else {
                    writer
                        .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                        .await?;
                    let raw = read_data(&mut reader).await?;
                    let mail = CapturedMail {
                        from: from.take().unwrap_or_default(),
                        to: std::mem::take(&mut to),
                        raw,
                        received_at: Utc::now(),
                    };
                    lock(&mailbox.mails).push(mail);
                    mailbox.arrived.notify_waiters();
                    b"250 OK: queued\r\n"
                }
            }
            "RSET" => {
                from = None;
                to.clear();
                b"250 OK\r\n"
            }
            "NOOP" => b"250 OK\r\n",
            "QUIT" => {
                writer.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 Command not implemented\r\n",
        };
        writer.write_all(reply).await?;
    }
}

/// The lines after DATA up to the lone dot, dot-unstuffed.
async fn read_data(
    reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> std::io::Result<String> {
    let mut raw = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Err(std::io::Error::other("connection closed during DATA"));
        }
        let content = line.trim_end_matches(['\r', '\n']);
        if content == "." {
            return Ok(raw.trim_end_matches("\r\n").to_owned());
        }
        if raw.len() + line.len() > MAX_MESSAGE {
            return Err(std::io::Error::other("message too large"));
        }
        raw.push_str(content.strip_prefix('.').unwrap_or(content));
        raw.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words_and_bodies_are_decoded() {
        assert_eq!(
            decode_words("=?utf-8?b?UsOpaW5pdGlhbGlzZXo=?= votre"),
            "Réinitialisez votre"
        );
        assert_eq!(quoted_printable("caf=C3=A9 =\r\nok"), "café ok");
    }

    #[tokio::test]
    async fn it_speaks_smtp_and_keeps_the_message() {
        let sink = SmtpSink::start().await.unwrap();
        let stream = TcpStream::connect(sink.address).await.unwrap();
        let (reader, mut writer) = stream.into_split();
        let mut reader = BufReader::new(reader);
        let mut line = String::new();
        reader.read_line(&mut line).await.unwrap();
        assert!(line.starts_with("220"));
        for (send, expect) in [
            ("EHLO test\r\n", "250-"),
            ("MAIL FROM:<ava@example.com>\r\n", "250"),
            ("RCPT TO:<dana@acme.test>\r\n", "250"),
            ("DATA\r\n", "354"),
            ("Subject: hi\r\n\r\n..dot\r\nbody\r\n.\r\n", "250"),
            ("QUIT\r\n", "221"),
        ] {
            writer.write_all(send.as_bytes()).await.unwrap();
            line.clear();
            reader.read_line(&mut line).await.unwrap();
            while line.starts_with("250-") && expect != "250-" {
                line.clear();
                reader.read_line(&mut line).await.unwrap();
            }
            assert!(line.starts_with(expect), "{send:?} answered {line:?}");
            if expect == "250-" {
                // The rest of the EHLO answer.
                while line.starts_with("250-") {
                    line.clear();
                    reader.read_line(&mut line).await.unwrap();
                }
            }
        }
        let mails = sink
            .wait_for("DANA@acme.test", 1, Duration::from_secs(5))
            .await
            .unwrap();
        assert_eq!(mails[0].from, "ava@example.com");
        assert_eq!(mails[0].subject(), "hi");
        assert_eq!(mails[0].text(), ".dot\nbody");
    }
}
