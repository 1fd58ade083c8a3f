;;; eglot-smoke.el --- headless eglot smoke test for `factcheck lsp'  -*- lexical-binding: t; -*-

;; Usage (from the repository root):
;;
;;   FACTCHECK_BIN=target/debug/factcheck emacs --batch -Q -l editors/emacs/test/eglot-smoke.el
;;
;; FACTCHECK_BIN: the server binary (default: "factcheck" on PATH).
;; FACTCHECK_FIXTURES: folder with corpus/ and draft-de.md
;;   (default: editors/vscode/test/fixtures).
;;
;; Sets up eglot as editors/README.md says (eglot is built in from Emacs 29;
;; on Debian 12's Emacs 28 install `elpa-eglot'; Markdown drafts need
;; `markdown-mode', Debian's `elpa-markdown-mode'), opens the German fixture
;; draft, checks that it is in `markdown-mode' and that the documented hook
;; started eglot, waits up to 20 s for a flymake diagnostic from factcheck
;; with code figure-mismatch or role-mismatch, and asks for a hover on
;; "Mark Rutte".  Prints PASS, or FAIL: reason and exits with status 1.

;;; Code:

(require 'package)
;; `-Q' skips Debian's site-start, which would add the elpa-* packages.
(dolist (dir '("/usr/share/emacs/site-lisp/elpa" "/usr/share/emacs/site-lisp/elpa-src"))
  (when (file-directory-p dir)
    (add-to-list 'package-directory-list dir)))
(package-initialize)
(require 'cl-lib)
(require 'subr-x)
(unless (require 'eglot nil t)
  (princ "FAIL: eglot is not available (Emacs >= 29 has it built in; on Emacs 28 install elpa-eglot)\n")
  (kill-emacs 1))
(unless (require 'markdown-mode nil t)
  (princ "FAIL: markdown-mode is not available (on Debian: apt-get install elpa-markdown-mode); without it a .md draft opens in fundamental-mode and eglot never starts\n")
  (kill-emacs 1))
(require 'flymake)
(require 'project)

(defvar factcheck-smoke--here
  (file-name-directory (or load-file-name buffer-file-name)))

(defvar factcheck-smoke--bin
  (let ((env (getenv "FACTCHECK_BIN")))
    (if (and env (not (string-empty-p env)))
        (expand-file-name env)
      (or (executable-find "factcheck") "factcheck"))))

(defvar factcheck-smoke--fixtures
  (file-name-as-directory
   (expand-file-name
    (or (getenv "FACTCHECK_FIXTURES")
        (expand-file-name "../../vscode/test/fixtures" factcheck-smoke--here)))))

(defun factcheck-smoke--finish (ok &optional reason)
  (princ (if ok "PASS\n" (format "FAIL: %s\n" reason)))
  (ignore-errors (eglot-shutdown (eglot-current-server)))
  (kill-emacs (if ok 0 1)))

(defun factcheck-smoke--wait (timeout pred)
  "Process events until PRED is non-nil or TIMEOUT seconds pass.  Return PRED's value."
  (let ((deadline (+ (float-time) timeout))
        (value nil))
    (while (and (not (setq value (funcall pred)))
                (< (float-time) deadline))
      (accept-process-output nil 0.2))
    value))

(defun factcheck-smoke--run ()
  (unless (file-executable-p factcheck-smoke--bin)
    (factcheck-smoke--finish nil (format "server binary not found: %s (set FACTCHECK_BIN)"
                                         factcheck-smoke--bin)))
  (let* ((fixtures factcheck-smoke--fixtures)
         (draft (expand-file-name "draft-de.md" fixtures))
         (settings `(:corpus [,(expand-file-name "corpus" fixtures)]
                     :severity "info" :debounceMs 50 :language "auto")))
    ;; The snippet from editors/README.md, with the test binary and options.
    (add-to-list 'eglot-server-programs
                 `((markdown-mode text-mode)
                   . (,factcheck-smoke--bin "lsp" :initializationOptions ,settings)))
    (setq-default eglot-workspace-configuration `(:factcheck ,settings))
    (add-hook 'markdown-mode-hook #'eglot-ensure)
    ;; Use the fixtures folder as the project root.
    (add-hook 'project-find-functions (lambda (_dir) (cons 'transient fixtures)))
    (find-file draft)
    (unless (eq major-mode 'markdown-mode)
      (factcheck-smoke--finish nil (format "the draft opened in %s, not markdown-mode" major-mode)))
    ;; eglot-ensure connects once the command loop is idle; batch mode has none.
    (run-hooks 'post-command-hook)
    (let ((server (factcheck-smoke--wait 10 (lambda () (eglot-current-server)))))
      (unless (and server (jsonrpc-running-p server))
        (factcheck-smoke--finish nil "the markdown-mode hook did not start eglot"))
      (princ (format "connected to %s\n" (jsonrpc-name server)))
      (let* ((wanted '("figure-mismatch" "role-mismatch"))
             (found
              (factcheck-smoke--wait
               20
               (lambda ()
                 (cl-find-if (lambda (d)
                               (let ((text (flymake-diagnostic-text d)))
                                 (and (string-prefix-p "factcheck" text)
                                      (cl-some (lambda (code) (string-match-p (regexp-quote code) text))
                                               wanted))))
                             (flymake-diagnostics))))))
        (dolist (d (flymake-diagnostics))
          (princ (format "  line %d: %s\n" (line-number-at-pos (flymake-diagnostic-beg d))
                         (flymake-diagnostic-text d))))
        (unless found
          (factcheck-smoke--finish nil "no figure-mismatch or role-mismatch diagnostic within 20 s")))
      ;; Hover on "Mark Rutte".
      (goto-char (point-min))
      (search-forward "Mark Rutte")
      (goto-char (+ (match-beginning 0) 2))
      (let* ((hover (jsonrpc-request server :textDocument/hover
                                     (eglot--TextDocumentPositionParams)))
             (contents (plist-get hover :contents))
             (text (cond ((stringp contents) contents)
                         ((plist-get contents :value))
                         ((vectorp contents)
                          (mapconcat (lambda (x) (if (stringp x) x (or (plist-get x :value) "")))
                                     contents "\n"))
                         (t ""))))
        (princ (format "  hover: %S\n" text))
        (unless (string-match-p "Mark Rutte" text)
          (factcheck-smoke--finish nil "hover card does not name Mark Rutte")))
      (factcheck-smoke--finish t))))

(condition-case err
    (factcheck-smoke--run)
  (error (factcheck-smoke--finish nil (format "error: %S" err))))

;;; eglot-smoke.el ends here
