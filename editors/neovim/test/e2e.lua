-- Headless end-to-end test of the factcheck Neovim plugin against the real server.
--
--   FACTCHECK_BIN=target/debug/factcheck \
--     nvim --headless -u NONE -i NONE -c "luafile editors/neovim/test/e2e.lua"
--
-- FACTCHECK_BIN: the server binary (default: "factcheck" on PATH).
-- FACTCHECK_FIXTURES: folder with corpus/ and draft-de.md (default: test/fixtures beside this file).
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

local function run()
  if vim.fn.executable(bin) ~= 1 then
    return false, "server binary not found or not executable: " .. bin .. " (set FACTCHECK_BIN)"
  end
  local draft = fixtures .. "/draft-de.md"
  if vim.fn.filereadable(draft) ~= 1 then
    return false, "fixture draft not found: " .. draft
  end

  vim.cmd("filetype on")
  local factcheck = require("factcheck")
  factcheck.setup({
    corpus = { fixtures .. "/corpus" },
    cmd = { bin, "lsp" },
    severity = "info",
    debounce_ms = 50,
    language = "auto",
  })

  vim.cmd("edit " .. vim.fn.fnameescape(draft))
  local buf = vim.api.nvim_get_current_buf()
  if vim.bo[buf].filetype ~= "markdown" then
    vim.bo[buf].filetype = "markdown" -- triggers the FileType autocmd
  end

  local attached = vim.wait(5000, function()
    return #factcheck.clients(buf) > 0
  end, 50)
  if not attached then
    local exit = factcheck.last_exit
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
  local client = factcheck.clients(buf)[1]
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
    for _, d in ipairs(factcheck_diags()) do
      if expected[diag_code(d)] ~= nil then
        return true
      end
    end
    return false
  end, 100)
  local diags = factcheck_diags()
  for _, d in ipairs(diags) do
    out(string.format("  [%s] line %d: %s", diag_code(d), d.lnum + 1, d.message))
  end
  if not got then
    return false,
      string.format(
        "no figure-mismatch or role-mismatch diagnostic from source factcheck within %d ms (%d factcheck diagnostics, status %s)",
        DIAGNOSTICS_TIMEOUT_MS,
        #diags,
        vim.inspect(factcheck.status_params(buf))
      )
  end
  local matched = 0
  for _, d in ipairs(diags) do
    local want = expected[diag_code(d)]
    if want ~= nil then
      if d.lnum ~= want then
        return false, string.format("%s on line %d, expected line %d", diag_code(d), d.lnum + 1, want + 1)
      end
      matched = matched + 1
    end
  end
  out(string.format("%d expected finding(s) on the expected lines", matched))

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

  -- :FactcheckInfo's request: factcheck.describe through the plugin.
  local done, describe_err, markdown = false, nil, nil
  factcheck.describe(buf, params.position, function(e, md)
    done, describe_err, markdown = true, e, md
  end)
  if not vim.wait(10000, function()
    return done
  end, 50) then
    return false, "factcheck.describe did not answer within 10 s"
  end
  if describe_err then
    return false, "factcheck.describe failed: " .. describe_err
  end
  if not markdown or not markdown:find("Mark Rutte", 1, true) then
    return false, "factcheck.describe did not return a card for Mark Rutte: " .. vim.inspect(markdown)
  end
  out("  describe: ok")
  return true
end

local ok, passed, reason = xpcall(run, debug.traceback)
if not ok then
  finish(false, "error: " .. tostring(passed))
else
  finish(passed, reason)
end
