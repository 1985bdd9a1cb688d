//! Standard input and output as a connection, like `lsp-server`'s own, but
//! one that survives a malformed message: a payload that is not JSON-RPC is
//! reported to the editor's log and skipped, where `lsp-server`'s reader
//! would stop and end the session.

use std::io::{self, BufReader};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Sender, bounded};
use lsp_server::{Connection, Message, Notification};
use lsp_types::notification::{LogMessage, Notification as _};
use lsp_types::{LogMessageParams, MessageType};

pub struct Threads {
    reader: JoinHandle<()>,
    writer: JoinHandle<io::Result<()>>,
}

impl Threads {
    pub fn join(self) -> io::Result<()> {
        let _ = self.reader.join();
        self.writer.join().unwrap_or(Ok(()))
    }
}

pub fn stdio() -> (Connection, Threads) {
    let (writer_sender, writer_receiver) = bounded::<Message>(0);
    let writer = thread::Builder::new()
        .name("llmc-lsp-writer".into())
        .spawn(move || {
            let mut stdout = io::stdout().lock();
            writer_receiver
                .into_iter()
                .try_for_each(|message| message.write(&mut stdout))
        })
        .expect("spawning the writer thread");
    let (reader_sender, reader_receiver) = bounded::<Message>(0);
    let log = writer_sender.clone();
    let reader = thread::Builder::new()
        .name("llmc-lsp-reader".into())
        .spawn(move || read_messages(&reader_sender, &log))
        .expect("spawning the reader thread");
    let connection = Connection {
        sender: writer_sender,
        receiver: reader_receiver,
    };
    (connection, Threads { reader, writer })
}

fn read_messages(messages: &Sender<Message>, log: &Sender<Message>) {
    let mut stdin = BufReader::new(io::stdin().lock());
    loop {
        match Message::read(&mut stdin) {
            Ok(Some(message)) => {
                let is_exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if messages.send(message).is_err() || is_exit {
                    return;
                }
            }
            Ok(None) => return,
            Err(error) if error.kind() == io::ErrorKind::InvalidData => {
                let params = LogMessageParams {
                    typ: MessageType::ERROR,
                    message: format!("llmc lsp: ignored a malformed message: {error}"),
                };
                let _ = log.send(Message::Notification(Notification::new(
                    LogMessage::METHOD.to_string(),
                    params,
                )));
            }
            Err(_) => return,
        }
    }
}
