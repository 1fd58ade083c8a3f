-- Headless end-to-end test of the factcheck Neovim plugin against the real server.
--
--   FACTCHECK_BIN=target/debug/factcheck \
--     nvim --headless -u NONE -i NONE -c "luafile editors/neovim/test/e2e.lua"
--
-- FACTCHECK_BIN: the server binary (default: "factcheck" on PATH).
-- FACTCHECK_FIXTURES: folder with corpus/ and draft-de.md (default: test/fixtures beside this file).
-- FACTCHECK_NVIM_SETUP: "plugin" (default: require("factcheck").setup) or "native"
--   (Neovim >= 0.11: a plain vim.lsp.config/vim.lsp.enable set-up, no plugin).
--
-- Asserts: the client attaches with the .factcheck.toml folder as root; the
-- figure-mismatch and role-mismatch findings on their lines; (plugin) the
-- figure finding shows as virtual text; the hover card on "Mark Rutte";
-- factcheck.describe; the quick fix replaces the draft's figure with the
-- archive's; re-indexing ends with the message "re-indexed N articles".
-- Prints "PASS" and quits with :qa!, or "FAIL: reason" and quits with :cq (exit code 1).
-- Works on Neovim 0.7.2 (no `nvim -l` there) and newer.

local uv = vim.uv or vim.loop

local function out(msg)
  io.stdout:write(msg .. "\n")
  io.stdout:flush()
end

local function finish(ok, reason)
  if ok then
    out("PASS")
    vim.cmd("qa!")
  else
    out("FAIL: " .. tostring(reason))
    vim.cmd("cq")
  end
end

local script = debug.getinfo(1, "S").source:gsub("^@", "")
local test_dir = vim.fn.fnamemodify(script, ":p:h")
local plugin_dir = vim.fn.fnamemodify(test_dir, ":h")
vim.opt.runtimepath:prepend(plugin_dir)

local bin = os.getenv("FACTCHECK_BIN")
if bin == nil or bin == "" then
  bin = "factcheck"
end
local fixtures = os.getenv("FACTCHECK_FIXTURES")
if fixtures == nil or fixtures == "" then
  fixtures = test_dir .. "/fixtures"
end
fixtures = vim.fn.fnamemodify(fixtures, ":p"):gsub("/$", "")

local setup_mode = os.getenv("FACTCHECK_NVIM_SETUP")
if setup_mode == nil or setup_mode == "" then
  setup_mode = "plugin"
end

local DIAGNOSTICS_TIMEOUT_MS = 20000
local HOVER_TIMEOUT_MS = 15000

local function diag_code(d)
  if d.code ~= nil then
    return tostring(d.code)
  end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code and tostring(lsp.code) or ""
end

local function hover_text(result)
  if type(result) ~= "table" or result.contents == nil then
    return ""
  end
  local c = result.contents
  local function one(x)
    if type(x) == "string" then
      return x
    end
    return type(x) == "table" and (x.value or "") or ""
  end
  if type(c) == "table" and c.kind == nil and c.value == nil then
    local parts = {}
    for _, x in ipairs(c) do
      table.insert(parts, one(x))
    end
    return table.concat(parts, "\n")
  end
  return one(c)
end

--- 0-based line and column (byte = UTF-16 here only for ASCII prefixes) of `needle` in the buffer.
local function find(buf, needle)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, line in ipairs(lines) do
    local col = line:find(needle, 1, true)
    if col then
      return i - 1, col - 1
    end
  end
  return nil
end

--- Every message shown with vim.notify, and the message history, so far.
local notified = {}
local real_notify = vim.notify
vim.notify = function(msg, level, opts)
  table.insert(notified, tostring(msg))
  return real_notify(msg, level, opts)
end

local function messages_so_far()
  local ok, history = pcall(vim.api.nvim_exec, "messages", true)
  return table.concat(notified, "\n") .. "\n" .. (ok and history or "")
end

--- factcheck clients attached to `buf`, with either set-up.
local function attached_clients(buf)
  if setup_mode == "plugin" then
    return require("factcheck").clients(buf)
  end
  return vim.lsp.get_clients({ bufnr = buf, name = "factcheck" })
end

local function client_request(client, method, params, handler, buf)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:request(method, params, handler, buf)
  end
  return client.request(method, params, handler, buf)
end

--- Sends a request to `client` and waits for its answer: err, result.
local function request_sync(client, method, params, buf, timeout_ms)
  local done, err, result = false, nil, nil
  client_request(client, method, params, function(e, r)
    done, err, result = true, e, r
  end, buf)
  if not vim.wait(timeout_ms or 10000, function()
    return done
  end, 50) then
    return "no answer to " .. method .. " within " .. tostring(timeout_ms or 10000) .. " ms", nil
  end
  return err, result
end

local function start(corpus)
  vim.cmd("filetype on")
  if setup_mode == "plugin" then
    require("factcheck").setup({
      corpus = { corpus },
      cmd = { bin, "lsp" },
      severity = "info",
      debounce_ms = 50,
      language = "auto",
    })
    return true
  end
  if setup_mode ~= "native" then
    return false, "unknown FACTCHECK_NVIM_SETUP " .. setup_mode
  end
  if vim.lsp.config == nil or vim.lsp.enable == nil then
    return false, "the native set-up needs Neovim 0.11 (vim.lsp.config/vim.lsp.enable)"
  end
  -- The README's snippet, with the test's binary, corpus and timing.
  local options = { corpus = { corpus }, severity = "info", debounceMs = 50, language = "auto" }
  vim.lsp.config("factcheck", {
    cmd = { bin, "lsp" },
    filetypes = { "markdown", "text" },
    root_markers = { ".factcheck.toml", ".git" },
    init_options = options,
    settings = { factcheck = options },
  })
  vim.lsp.enable("factcheck")
  return true
end

--- The diagnostic as the server sent it (user_data.lsp holds its fields).
local function lsp_diagnostic(d)
  local lsp = vim.deepcopy((d.user_data and d.user_data.lsp) or {})
  lsp.range = lsp.range
    or {
      start = { line = d.lnum, character = d.col },
      ["end"] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col },
    }
  lsp.message = lsp.message or d.message
  lsp.source = lsp.source or d.source
  lsp.code = lsp.code or d.code
  lsp.severity = lsp.severity or d.severity
  return lsp
end

--- The text of every virtual-text extmark in `buf`, over all namespaces
--- (vim.diagnostic draws virtual text in unnamed ones: ids are counted up).
local function virtual_texts(buf)
  local texts = {}
  local last = 0
  for _, id in pairs(vim.api.nvim_get_namespaces()) do
    last = math.max(last, id)
  end
  for ns = 1, last + 100 do
    local ok, marks = pcall(vim.api.nvim_buf_get_extmarks, buf, ns, 0, -1, { details = true })
    for _, mark in ipairs(ok and marks or {}) do
      local details = mark[4] or {}
      for _, chunk in ipairs(details.virt_text or {}) do
        table.insert(texts, chunk[1])
      end
    end
  end
  return table.concat(texts, " ")
end

local function run()
  if vim.fn.executable(bin) ~= 1 then
    return false, "server binary not found or not executable: " .. bin .. " (set FACTCHECK_BIN)"
  end
  local draft = fixtures .. "/draft-de.md"
  if vim.fn.filereadable(draft) ~= 1 then
    return false, "fixture draft not found: " .. draft
  end
  local v = vim.version()
  out(string.format("Neovim %d.%d.%d, set-up: %s", v.major, v.minor, v.patch, setup_mode))

  local started, why = start(fixtures .. "/corpus")
  if not started then
    return false, why
  end

  vim.cmd("edit " .. vim.fn.fnameescape(draft))
  local buf = vim.api.nvim_get_current_buf()
  if vim.bo[buf].filetype ~= "markdown" then
    vim.bo[buf].filetype = "markdown" -- triggers the FileType autocmd
  end

  local attached = vim.wait(5000, function()
    return #attached_clients(buf) > 0
  end, 50)
  if not attached then
    local exit = setup_mode == "plugin" and require("factcheck").last_exit
    if exit then
      return false,
        string.format(
          "the server exited (code %s, signal %s) before attaching; see lsp.log (%s)",
          tostring(exit.code),
          tostring(exit.signal),
          vim.lsp.get_log_path()
        )
    end
    return false, "no factcheck client attached to the draft buffer"
  end
  local client = attached_clients(buf)[1]
  out(string.format("client %d attached, root %s", client.id, tostring(client.config.root_dir)))
  if client.config.root_dir ~= fixtures then
    return false, "root should be the folder with .factcheck.toml (" .. fixtures .. "), got " .. tostring(client.config.root_dir)
  end

  -- Expected findings (0-based lines).
  local role_line = find(buf, "Antony Blinken")
  local figure_line = find(buf, "50.000")
  local expected = { ["role-mismatch"] = role_line, ["figure-mismatch"] = figure_line }

  local function factcheck_diags()
    local result = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.source == "factcheck" then
        table.insert(result, d)
      end
    end
    return result
  end

  local got = vim.wait(DIAGNOSTICS_TIMEOUT_MS, function()
    local codes = {}
    for _, d in ipairs(factcheck_diags()) do
      codes[diag_code(d)] = true
    end
    return codes["role-mismatch"] and codes["figure-mismatch"]
  end, 100)
  local diags = factcheck_diags()
  for _, d in ipairs(diags) do
    out(string.format("  [%s] line %d: %s", diag_code(d), d.lnum + 1, d.message))
  end
  if not got then
    return false,
      string.format(
        "no figure-mismatch and role-mismatch diagnostics from source factcheck within %d ms (%d factcheck diagnostics)",
        DIAGNOSTICS_TIMEOUT_MS,
        #diags
      )
  end
  local figure_diag
  for _, d in ipairs(diags) do
    local want = expected[diag_code(d)]
    if want ~= nil and d.lnum ~= want then
      return false, string.format("%s on line %d, expected line %d", diag_code(d), d.lnum + 1, want + 1)
    end
    if diag_code(d) == "figure-mismatch" then
      figure_diag = d
    end
  end
  out("2 expected findings on the expected lines")

  -- Virtual text: the plugin turns it on for its namespace (Neovim 0.11 has it
  -- off by default); a plain set-up shows what Neovim does by itself.
  local figure_words = "10.000 und 12.000"
  local shown = vim.wait(3000, function()
    return virtual_texts(buf):find(figure_words, 1, true) ~= nil
  end, 50)
  out("  virtual text with the figure finding: " .. (shown and "yes" or "no"))
  if setup_mode == "plugin" and not shown then
    return false, "the plugin did not show the figure finding as virtual text: " .. virtual_texts(buf)
  end

  -- Hover on "Mark Rutte": the card names him.
  local hover_line, hover_col = find(buf, "Mark Rutte")
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = hover_line, character = hover_col + 2 },
  }
  local text = ""
  local deadline = uv.now() + HOVER_TIMEOUT_MS
  repeat
    local responses, err = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 10000)
    if not responses then
      return false, "hover request failed: " .. tostring(err)
    end
    text = ""
    for id, response in pairs(responses) do
      if id == client.id then
        if response.err or response.error then
          return false, "hover error: " .. vim.inspect(response.err or response.error)
        end
        text = hover_text(response.result)
      end
    end
    local loading = text:lower():find("loading", 1, true) or text:lower():find("indexing", 1, true)
    if loading then
      vim.wait(300)
    end
  until not loading or uv.now() > deadline
  out("  hover: " .. text:gsub("\n", "\\n"))
  if text == "" then
    return false, "empty hover on 'Mark Rutte'"
  end
  if text:find("not in the corpus", 1, true) then
    return false, "hover says Mark Rutte is not in the corpus"
  end
  if not text:find("Mark Rutte", 1, true) then
    return false, "hover card does not contain the canonical name 'Mark Rutte'"
  end

  -- factcheck.describe: through the plugin (:FactcheckInfo's request) or directly.
  local describe_err, markdown
  if setup_mode == "plugin" then
    local done = false
    require("factcheck").describe(buf, params.position, function(e, md)
      done, describe_err, markdown = true, e, md
    end)
    if not vim.wait(10000, function()
      return done
    end, 50) then
      return false, "factcheck.describe did not answer within 10 s"
    end
  else
    local result
    describe_err, result = request_sync(client, "workspace/executeCommand", {
      command = "factcheck.describe",
      arguments = { { uri = params.textDocument.uri, position = params.position } },
    }, buf)
    markdown = type(result) == "table" and result.markdown or nil
  end
  if describe_err then
    return false, "factcheck.describe failed: " .. vim.inspect(describe_err)
  end
  if not markdown or not markdown:find("Mark Rutte", 1, true) then
    return false, "factcheck.describe did not return a card for Mark Rutte: " .. vim.inspect(markdown)
  end
  out("  describe: ok")

  -- Quick fix: the preferred code action puts the archive's figure in the draft.
  local action_err, actions = request_sync(client, "textDocument/codeAction", {
    textDocument = { uri = params.textDocument.uri },
    range = lsp_diagnostic(figure_diag).range,
    context = { diagnostics = { lsp_diagnostic(figure_diag) }, only = { "quickfix" } },
  }, buf)
  if action_err then
    return false, "codeAction failed: " .. vim.inspect(action_err)
  end
  local replace
  for _, a in ipairs(actions or {}) do
    if a.isPreferred and a.edit then
      replace = a
    end
  end
  if not replace then
    return false, "no preferred quick fix with an edit for the figure finding: " .. vim.inspect(actions)
  end
  out("  quick fix: " .. replace.title)
  vim.lsp.util.apply_workspace_edit(replace.edit, client.offset_encoding or "utf-16")
  local fixed = vim.api.nvim_buf_get_lines(buf, figure_line, figure_line + 1, false)[1] or ""
  out("  after the fix: " .. fixed)
  if not fixed:find(figure_words, 1, true) or fixed:find("50.000", 1, true) then
    return false, "the quick fix did not put the archive's figure in line " .. (figure_line + 1)
  end
  -- The server re-checks the edited draft: the figure finding goes away.
  local cleared = vim.wait(DIAGNOSTICS_TIMEOUT_MS, function()
    for _, d in ipairs(factcheck_diags()) do
      if diag_code(d) == "figure-mismatch" then
        return false
      end
    end
    return true
  end, 100)
  if not cleared then
    return false, "the figure-mismatch finding is still there after the quick fix"
  end
  out("  figure finding gone after the fix")

  -- Re-indexing ends with a visible message from the server.
  if setup_mode == "plugin" then
    require("factcheck").reindex(buf)
  else
    local err = request_sync(client, "workspace/executeCommand", { command = "factcheck.reindex", arguments = {} }, buf)
    if err then
      return false, "factcheck.reindex failed: " .. vim.inspect(err)
    end
  end
  local announced = vim.wait(DIAGNOSTICS_TIMEOUT_MS, function()
    return messages_so_far():find("re-indexed 2 articles", 1, true) ~= nil
  end, 100)
  if not announced then
    return false, "no \"re-indexed 2 articles\" message after re-indexing; messages: " .. messages_so_far()
  end
  local line = messages_so_far():match("[^\n]*re%-indexed 2 articles[^\n]*")
  out("  reindex message: " .. tostring(line))
  return true
end

local ok, passed, reason = xpcall(run, debug.traceback)
if not ok then
  finish(false, "error: " .. tostring(passed))
else
  finish(passed, reason)
end
