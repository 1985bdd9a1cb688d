//! `llmc lsp`: a Language Server Protocol server over standard input and
//! output (SPEC §8), synchronous on `lsp-server` and `lsp-types` (what
//! rust-analyzer uses; no async runtime).
//!
//! - [`transport`]: stdio that survives malformed messages.
//! - [`documents`]: open documents kept in step with incremental edits.
//! - [`analysis`]: a document's session, sheet and index of names.
//! - [`position`]: byte offsets ↔ lines and UTF-16 columns.
//! - one module per concern of the requests: [`diagnostics`], [`hints`],
//!   [`hover`], [`completion`], [`navigation`] (definition, references,
//!   rename), [`symbols`] (outline, formatting), [`tokens`].
//!
//! Edits that arrive together are applied together and analysed once, and
//! diagnostics are published when no message is waiting (a burst of
//! keystrokes costs one evaluation). Each message is handled under
//! `catch_unwind`, so a bug answers one request with an error instead of
//! ending the session. The server never writes a file.

mod analysis;
mod completion;
mod diagnostics;
mod documents;
mod hints;
mod hover;
mod navigation;
mod position;
mod symbols;
mod tokens;
mod transport;

use std::panic::{AssertUnwindSafe, catch_unwind};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, InlayHintRequest,
    PrepareRenameRequest, References, Rename, Request as _, SemanticTokensFullRequest,
};
use lsp_types::{
    CompletionOptions, HoverProviderCapability, InitializeParams, OneOf, PositionEncodingKind,
    PublishDiagnosticsParams, RenameOptions, SemanticTokensFullOptions, SemanticTokensOptions,
    SemanticTokensServerCapabilities, ServerCapabilities, ServerInfo, TextDocumentPositionParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use serde_json::Value as Json;

use documents::{Documents, kind_of};

/// Serves on standard input and output until the editor says `exit`.
pub fn serve_stdio() -> Result<(), String> {
    let (connection, threads) = transport::stdio();
    serve(&connection)?;
    drop(connection);
    threads
        .join()
        .map_err(|e| format!("language server I/O: {e}"))
}

pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: tokens::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                ..SemanticTokensOptions::default()
            },
        )),
        ..ServerCapabilities::default()
    }
}

/// The session on a connection: the handshake, then messages until
/// `shutdown` and `exit` (or the connection closes).
pub fn serve(connection: &Connection) -> Result<(), String> {
    let initialize = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo { name: "llmc".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("language server start: {e}"))?;
    let _: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    connection
        .initialize_finish(id, initialize)
        .map_err(|e| format!("language server start: {e}"))?;
    let mut server = Server {
        connection,
        documents: Documents::default(),
    };
    server.run()
}

struct Server<'a> {
    connection: &'a Connection,
    documents: Documents,
}

impl Server<'_> {
    fn run(&mut self) -> Result<(), String> {
        while let Ok(first) = self.connection.receiver.recv() {
            // Everything already waiting is handled before analysing: a
            // burst of edits is evaluated once.
            let mut batch = vec![first];
            batch.extend(self.connection.receiver.try_iter());
            for message in batch {
                match message {
                    Message::Request(request) => {
                        if self.connection.handle_shutdown(&request).unwrap_or(true) {
                            return Ok(());
                        }
                        let response = self.respond(request);
                        self.send(Message::Response(response));
                    }
                    Message::Notification(notification) => {
                        let method = notification.method.clone();
                        if catch_unwind(AssertUnwindSafe(|| self.notify(notification))).is_err() {
                            self.log(&format!("llmc lsp: internal error handling `{method}`"));
                        }
                    }
                    Message::Response(_) => {}
                }
            }
            self.publish_stale();
        }
        Ok(())
    }

    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    fn log(&self, message: &str) {
        let params = lsp_types::LogMessageParams {
            typ: lsp_types::MessageType::ERROR,
            message: message.to_string(),
        };
        self.send(Message::Notification(Notification::new(
            lsp_types::notification::LogMessage::METHOD.into(),
            params,
        )));
    }

    fn notify(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(params) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(
                    notification.params,
                ) {
                    let document = params.text_document;
                    let kind = kind_of(&document.uri, &document.language_id);
                    self.documents
                        .open(document.uri, kind, document.version, document.text);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(params) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(
                    notification.params,
                ) {
                    let document = params.text_document;
                    self.documents
                        .change(&document.uri, document.version, params.content_changes);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(params) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(
                    notification.params,
                ) {
                    let uri = params.text_document.uri;
                    self.documents.close(&uri);
                    self.publish(uri, Vec::new(), None);
                }
            }
            _ => {}
        }
    }

    /// Analyses every changed document and publishes its diagnostics.
    fn publish_stale(&mut self) {
        for uri in self.documents.unpublished() {
            let published = catch_unwind(AssertUnwindSafe(|| {
                self.documents
                    .analysis(&uri)
                    .map(|analysis| diagnostics::diagnostics(&uri, analysis))
            }));
            match published {
                Ok(Some(diagnostics)) => {
                    let version = self.documents.version(&uri);
                    self.publish(uri, diagnostics, version);
                }
                Ok(None) => {}
                Err(_) => self.log(&format!(
                    "llmc lsp: internal error analysing {}",
                    uri.as_str()
                )),
            }
        }
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Message::Notification(Notification::new(
            PublishDiagnostics::METHOD.into(),
            params,
        )));
    }

    fn respond(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let method = request.method.clone();
        match catch_unwind(AssertUnwindSafe(|| self.answer(request))) {
            Ok(Ok(result)) => Response::new_ok(id, result),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("llmc lsp: internal error answering `{method}`"),
            ),
        }
    }

    /// The result of one request, or an error code and message.
    fn answer(&mut self, request: Request) -> Result<Json, (ErrorCode, String)> {
        let Request { method, params, .. } = request;
        fn parse<T: serde::de::DeserializeOwned>(params: Json) -> Result<T, (ErrorCode, String)> {
            serde_json::from_value(params)
                .map_err(|e| (ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
        }
        fn json(value: impl serde::Serialize) -> Result<Json, (ErrorCode, String)> {
            Ok(serde_json::to_value(value).unwrap_or(Json::Null))
        }
        let unknown = |uri: &Uri| {
            (
                ErrorCode::InvalidParams,
                format!("`{}` is not open", uri.as_str()),
            )
        };
        match method.as_str() {
            HoverRequest::METHOD
            | GotoDefinition::METHOD
            | Completion::METHOD
            | PrepareRenameRequest::METHOD => {
                let at: TextDocumentPositionParams = match method.as_str() {
                    HoverRequest::METHOD | PrepareRenameRequest::METHOD => parse(params)?,
                    GotoDefinition::METHOD => {
                        parse::<lsp_types::GotoDefinitionParams>(params)?
                            .text_document_position_params
                    }
                    _ => parse::<lsp_types::CompletionParams>(params)?.text_document_position,
                };
                let uri = at.text_document.uri;
                let analysis = self.documents.analysis(&uri).ok_or_else(|| unknown(&uri))?;
                let offset = analysis.lines.offset(&analysis.text, at.position);
                match method.as_str() {
                    HoverRequest::METHOD => json(hover::hover(analysis, offset)),
                    GotoDefinition::METHOD => json(navigation::definition(&uri, analysis, offset)),
                    PrepareRenameRequest::METHOD => {
                        json(navigation::prepare_rename(analysis, offset))
                    }
                    _ => json(completion::completion(analysis, offset)),
                }
            }
            References::METHOD => {
                let params: lsp_types::ReferenceParams = parse(params)?;
                let at = params.text_document_position;
                let uri = at.text_document.uri;
                let analysis = self.documents.analysis(&uri).ok_or_else(|| unknown(&uri))?;
                let offset = analysis.lines.offset(&analysis.text, at.position);
                json(navigation::references(
                    &uri,
                    analysis,
                    offset,
                    params.context.include_declaration,
                ))
            }
            Rename::METHOD => {
                let params: lsp_types::RenameParams = parse(params)?;
                let at = params.text_document_position;
                let uri = at.text_document.uri;
                let analysis = self.documents.analysis(&uri).ok_or_else(|| unknown(&uri))?;
                let offset = analysis.lines.offset(&analysis.text, at.position);
                let edit = navigation::rename(&uri, analysis, offset, &params.new_name)
                    .map_err(|message| (ErrorCode::RequestFailed, message))?;
                json(edit)
            }
            DocumentSymbolRequest::METHOD => {
                let params: lsp_types::DocumentSymbolParams = parse(params)?;
                let uri = params.text_document.uri;
                let analysis = self.documents.analysis(&uri).ok_or_else(|| unknown(&uri))?;
                json(symbols::document_symbols(analysis))
            }
            Formatting::METHOD => {
                let params: lsp_types::DocumentFormattingParams = parse(params)?;
                let uri = params.text_document.uri;
                let analysis = self.documents.analysis(&uri).ok_or_else(|| unknown(&uri))?;
                json(symbols::formatting(analysis))
            }
            InlayHintRequest::METHOD => {
                let params: lsp_types::InlayHintParams = parse(params)?;
                let uri = params.text_document.uri;
                let analysis = self.documents.analysis(&uri).ok_or_else(|| unknown(&uri))?;
                json(hints::inlay_hints(analysis, params.range))
            }
            SemanticTokensFullRequest::METHOD => {
                let params: lsp_types::SemanticTokensParams = parse(params)?;
                let uri = params.text_document.uri;
                let analysis = self.documents.analysis(&uri).ok_or_else(|| unknown(&uri))?;
                json(tokens::semantic_tokens(analysis))
            }
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("llmc lsp does not answer `{method}`"),
            )),
        }
    }
}
