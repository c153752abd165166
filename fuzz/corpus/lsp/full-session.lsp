Content-Length: 253

{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}, "documentSymbol": {"hierarchicalDocumentSymbolSupport": true}}}}}Content-Length: 57

{"jsonrpc": "2.0", "method": "initialized", "params": {}}Content-Length: 334

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///w/shapes.arch", "languageId": "arch", "version": 1, "text": "block unit(in, n = 8) {\n  h = conv(in, n, 3, pad: 1) relu\n  return h\n}\n\nnetwork shapes {\n  input x: 1x8x8\n  u = unit(x)\n  k = conv(u, 4, 9)\n  output fc(k, 10)\n}\n"}}}Content-Length: 162

{"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///w/shapes.arch"}, "position": {"line": 7, "character": 6}}}Content-Length: 163

{"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///w/shapes.arch"}, "position": {"line": 8, "character": 11}}}Content-Length: 168

{"jsonrpc": "2.0", "id": 4, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///w/shapes.arch"}, "position": {"line": 8, "character": 11}}}Content-Length: 130

{"jsonrpc": "2.0", "id": 5, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": "file:///w/shapes.arch"}}}Content-Length: 175

{"jsonrpc": "2.0", "id": 6, "method": "textDocument/formatting", "params": {"textDocument": {"uri": "file:///w/shapes.arch"}, "options": {"tabSize": 2, "insertSpaces": true}}}Content-Length: 336

{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///w/shapes.arch", "version": 2}, "contentChanges": [{"text": "block unit(in, n = 8) {\n  h = conv(in, n, 3, pad: 1) relu\n  return h\n}\n\nnetwork shapes {\n  input x: 1x8x8\n  u = unit(x)\n  k = conv(u, 4, 3)\n  output fc(k, 10)\n}\n"}]}}Content-Length: 162

{"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///w/shapes.arch"}, "position": {"line": 1, "character": 7}}}Content-Length: 114

{"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {"textDocument": {"uri": "file:///w/shapes.arch"}}}Content-Length: 115

{"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": "file:///w/shapes.arch"}}}Content-Length: 50

{"jsonrpc": "2.0", "id": 99, "method": "shutdown"}Content-Length: 36

{"jsonrpc": "2.0", "method": "exit"}