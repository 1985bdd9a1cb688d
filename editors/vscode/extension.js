// Starts `llmc lsp` for .llmc files and Markdown documents (whose ```llmc
// blocks form one sheet). Everything else is the server's.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("llmc").get("path") || "llmc";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "llmc",
    "llmc",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "llmc" },
        { scheme: "file", language: "markdown" },
        { scheme: "untitled", language: "llmc" },
      ],
    }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
