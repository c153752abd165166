;;; arch-mode.el --- Major mode for archc .arch network descriptions  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "26.1"))
;; Keywords: languages

;;; Commentary:

;; Editing the .arch language of archc (its reference is grammar/README.md
;; in the archc sources):
;;
;; - syntax highlighting: keywords, ops, shapes, numbers, strings, comments,
;;   the names of networks and blocks, and `name:' labels;
;; - indentation by braces, as `archc fmt' lays a file out;
;; - `arch-flymake', a Flymake backend that runs
;;   `archc check --diagnostics-format=gcc -' on the buffer's text;
;; - `archc lsp' registered with Eglot, for diagnostics as you type,
;;   hover, definitions, the outline (imenu) and formatting.
;;
;; Installation (see editors/README.md):
;;
;;   (add-to-list 'load-path "/path/to/archc/editors/emacs")
;;   (require 'arch-mode)
;;   (add-hook 'arch-mode-hook #'flymake-mode)   ; or M-x eglot in a buffer

;;; Code:

(require 'flymake)

(defgroup arch nil
  "Editing archc .arch network descriptions."
  :group 'languages
  :prefix "arch-")

(defcustom arch-archc-program "archc"
  "The archc program, for Flymake and Eglot."
  :type 'string)

(defcustom arch-indent-offset 2
  "Indentation of a body inside braces, and of a continued chain."
  :type 'integer
  :safe #'integerp)

(defconst arch-keywords '("network" "block" "input" "output" "return" "meta")
  "The keywords of the language; none may name a tensor.")

(defconst arch-ops
  '("conv" "deconv" "maxpool" "avgpool" "stochpool" "fc"
    "relu" "prelu" "elu" "sigmoid" "tanh" "abs" "bnll" "power"
    "lrn" "batchnorm" "scale" "dropout" "flatten" "concat"
    "add" "mul" "max" "slice" "softmax" "opaque")
  "Every op of archc's op table (src/ir/ops.c).")

(defconst arch-font-lock-keywords
  `(("\\_<\\(?:network\\|block\\)[ \t]+\\([A-Za-z_][A-Za-z0-9_]*\\)"
     1 font-lock-function-name-face)
    (,(regexp-opt arch-keywords 'symbols) . font-lock-keyword-face)
    (,(regexp-opt '("true" "false") 'symbols) . font-lock-constant-face)
    (,(regexp-opt arch-ops 'symbols) . font-lock-builtin-face)
    ("\\_<\\([A-Za-z_][A-Za-z0-9_]*\\)[ \t]*:" 1 font-lock-variable-name-face)
    ("\\_<[0-9]+\\(?:x\\(?:[0-9]+\\|\\?\\)\\)\\{1,3\\}" . font-lock-constant-face))
  "Highlighting for `arch-mode'.")

(defvar arch-mode-syntax-table
  (let ((st (make-syntax-table)))
    (modify-syntax-entry ?# "<" st)
    (modify-syntax-entry ?\n ">" st)
    (modify-syntax-entry ?\r ">" st)
    (modify-syntax-entry ?_ "_" st)
    (modify-syntax-entry ?\" "\"" st)
    (modify-syntax-entry ?\\ "\\" st)
    (dolist (c '(?- ?> ?* ?= ?: ?, ?\; ??))
      (modify-syntax-entry c "." st))
    st)
  "Syntax table for `arch-mode'.")

(defun arch--indentation ()
  "The column the current line should start at."
  (save-excursion
    (back-to-indentation)
    (let ((depth (car (syntax-ppss)))
          (closing (looking-at-p "[])}]"))
          (continued (looking-at-p "->")))
      (* arch-indent-offset
         (+ (max 0 (- depth (if closing 1 0)))
            (if continued 1 0))))))

(defun arch-indent-line ()
  "Indent the current line by the braces and brackets around it."
  (interactive)
  (let ((target (arch--indentation)))
    (if (<= (current-column) (current-indentation))
        (indent-line-to target)
      (save-excursion (indent-line-to target)))))

;;; Flymake

(defvar-local arch--flymake-process nil
  "The running `archc check' of this buffer, if any.")

(defun arch--char-column (buffer line byte-column)
  "The 1-based character column of BYTE-COLUMN (1-based) on LINE of BUFFER.
archc counts bytes; a line with non-ASCII text in a string or a
comment has fewer characters than bytes."
  (with-current-buffer buffer
    (save-excursion
      (save-restriction
        (widen)
        (goto-char (point-min))
        (forward-line (1- line))
        (let* ((start (point))
               (pos (byte-to-position (+ (position-bytes start) (1- byte-column)))))
          (1+ (- (min (or pos (line-end-position)) (line-end-position)) start)))))))

(defun arch--flymake-parse (source)
  "Flymake diagnostics for SOURCE from the `archc check' output here."
  (let (diags)
    (goto-char (point-min))
    (while (re-search-forward
            "^<stdin>:\\([0-9]+\\):\\([0-9]+\\): \\(error\\|warning\\|note\\): \\(.*\\)$"
            nil t)
      (let* ((line (string-to-number (match-string 1)))
             (column (arch--char-column source line (string-to-number (match-string 2))))
             (type (pcase (match-string 3)
                     ("error" :error)
                     ("warning" :warning)
                     (_ :note)))
             (region (flymake-diag-region source line column)))
        (when region
          (push (flymake-make-diagnostic source (car region) (cdr region) type
                                         (match-string 4))
                diags))))
    (nreverse diags)))

(defun arch-flymake (report-fn &rest _args)
  "Flymake backend: `archc check' on the text of the buffer.
REPORT-FN is Flymake's callback."
  (unless (executable-find arch-archc-program)
    (error "Cannot find the archc program %S" arch-archc-program))
  (when (process-live-p arch--flymake-process)
    (kill-process arch--flymake-process))
  (let ((source (current-buffer)))
    (save-restriction
      (widen)
      (setq arch--flymake-process
            (make-process
             :name "arch-flymake"
             :noquery t
             :connection-type 'pipe
             :coding 'utf-8-unix
             :buffer (generate-new-buffer " *arch-flymake*")
             :command (list arch-archc-program "check" "--diagnostics-format=gcc"
                            "--color=never" "-")
             :sentinel
             (lambda (proc _event)
               (when (memq (process-status proc) '(exit signal))
                 (unwind-protect
                     (if (with-current-buffer source (eq proc arch--flymake-process))
                         (with-current-buffer (process-buffer proc)
                           (funcall report-fn (arch--flymake-parse source)))
                       (flymake-log :debug "Canceling obsolete check %s" proc))
                   (kill-buffer (process-buffer proc)))))))
      (process-send-region arch--flymake-process (point-min) (point-max))
      (process-send-eof arch--flymake-process))))

;;; Eglot

(defun arch--eglot-contact (&optional _interactive)
  "How Eglot starts the language server: `archc lsp'."
  (list arch-archc-program "lsp"))

(with-eval-after-load 'eglot
  (defvar eglot-server-programs)
  (add-to-list 'eglot-server-programs '(arch-mode . arch--eglot-contact)))

;;; The mode

;;;###autoload
(define-derived-mode arch-mode prog-mode "Arch"
  "Major mode for archc .arch network descriptions.
\\<arch-mode-map>Flymake (`flymake-mode') checks the buffer with
`archc check'; Eglot (\\[eglot]) connects it to `archc lsp'."
  :syntax-table arch-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+[ \t]*")
  (setq-local comment-end "")
  (setq-local indent-line-function #'arch-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local font-lock-defaults '(arch-font-lock-keywords))
  (add-hook 'flymake-diagnostic-functions #'arch-flymake nil t))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.arch\\'" . arch-mode))

(provide 'arch-mode)

;;; arch-mode.el ends here
