// The archc extension: .arch files get the grammar of arch.tmLanguage.json,
// and `archc lsp` for diagnostics, hover, definitions, the outline and
// formatting. The setting archc.path names the program.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('archc').get('path') || 'archc';
  const server = { command, args: ['lsp'] };
  client = new LanguageClient('archc', 'archc', { run: server, debug: server }, {
    documentSelector: [
      { scheme: 'file', language: 'arch' },
      { scheme: 'untitled', language: 'arch' },
    ],
  });
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('archc.path')) {
        vscode.window.showInformationMessage('archc: reload the window to use the new archc.path.');
      }
    }),
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
