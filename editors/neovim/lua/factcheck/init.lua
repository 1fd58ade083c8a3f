-- factcheck: checks news drafts against a newsroom's archive, through the
-- `factcheck lsp` language server.
--
--   require("factcheck").setup({
--     corpus = { "~/newsroom/archive" },   -- or leave out: .factcheck.toml in the root
--     cmd = { "factcheck", "lsp" },
--     severity = "warning",               -- lowest severity shown: info | warning | error
--     debounce_ms = 150,
--     language = "auto",                  -- auto | de | en
--     virtual_text = true,                -- findings at the end of the line (off by default on 0.11)
--   })
--
-- Works on Neovim 0.7.2 (Debian 12) and newer: uses vim.lsp.start on >= 0.8
-- and vim.lsp.start_client + vim.lsp.buf_attach_client before that.

local M = {}
local uv = vim.uv or vim.loop

local NAME = "factcheck"

local defaults = {
  corpus = nil,
  cmd = { "factcheck", "lsp" },
  severity = "info",
  debounce_ms = 150,
  language = "auto",
  filetypes = { "markdown", "text" },
  root_markers = { ".factcheck.toml", ".git" },
  -- Extra fields merged into the client config (on_attach, capabilities, handlers, ...).
  client = {},
  -- Show factcheck/status changes with vim.notify ("error" only, "all", or "none").
  -- The server's own messages ("re-indexed N articles") show unless "none".
  notify = "error",
  -- Virtual text for factcheck's findings only (Neovim 0.11 turned it off by
  -- default): true, false, a vim.diagnostic.config virtual_text table, or nil
  -- to leave Neovim's setting alone.
  virtual_text = true,
}

M.config = vim.deepcopy(defaults)

-- root_dir -> client id, for Neovim < 0.8 (vim.lsp.start does this itself).
local clients_by_root = {}
-- client id -> last factcheck/status params
local status_by_client = {}

local has_start = type(vim.lsp.start) == "function"
local is_011 = vim.fn.has("nvim-0.11") == 1

local function notify(msg, level)
  vim.notify("factcheck: " .. msg, level or vim.log.levels.INFO)
end

local function split_lines(s)
  local lines = {}
  for line in (s .. "\n"):gmatch("(.-)\r?\n") do
    table.insert(lines, line)
  end
  return lines
end

local function is_dir(path)
  local stat = uv.fs_stat(path)
  return stat ~= nil and stat.type == "directory"
end

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ":h")
end

--- The directory holding .factcheck.toml (nearest), else .git, else the cwd.
function M.find_root(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr or 0)
  local dir
  if name == "" then
    dir = uv.cwd()
  else
    dir = vim.fn.fnamemodify(name, ":p")
    if not is_dir(dir) then
      dir = dirname(dir)
    end
  end
  for _, marker in ipairs(M.config.root_markers) do
    local cur = dir
    while true do
      if exists(cur .. "/" .. marker) then
        return cur
      end
      local parent = dirname(cur)
      if parent == cur then
        break
      end
      cur = parent
    end
  end
  return uv.cwd()
end

local function is_absolute(path)
  return path:sub(1, 1) == "/" or path:match("^%a:[/\\]") ~= nil
end

--- The settings object the server expects (initializationOptions and
--- workspace/configuration section "factcheck") for a given root.
function M.server_settings(root)
  local c = M.config
  local settings = {
    severity = c.severity,
    debounceMs = c.debounce_ms,
    language = c.language,
  }
  if type(c.corpus) == "string" then
    c.corpus = { c.corpus }
  end
  if type(c.corpus) == "table" and #c.corpus > 0 then
    local corpus = {}
    for _, entry in ipairs(c.corpus) do
      local p = vim.fn.expand(entry)
      if not is_absolute(p) and root then
        p = root .. "/" .. p
      end
      table.insert(corpus, p)
    end
    settings.corpus = corpus
  end
  return settings
end

local function on_status(err, params, ctx)
  if err or type(params) ~= "table" then
    return
  end
  local client_id = ctx and ctx.client_id
  local previous = client_id and status_by_client[client_id]
  if client_id then
    status_by_client[client_id] = params
  end
  local mode = M.config.notify
  if params.state == "error" and mode ~= "none" then
    notify("indexing the corpus failed: " .. tostring(params.message or "unknown error"), vim.log.levels.ERROR)
  elseif mode == "all" and (not previous or previous.state ~= params.state) then
    notify(string.format("%s (%d articles)", params.state, params.articles or 0))
  end
  vim.cmd("redrawstatus")
end

local message_levels = { vim.log.levels.ERROR, vim.log.levels.WARN, vim.log.levels.INFO, vim.log.levels.DEBUG }

--- window/showMessage through vim.notify (e.g. "factcheck: re-indexed 12 articles (1 changed)").
local function on_show_message(err, params)
  if err or type(params) ~= "table" or type(params.message) ~= "string" then
    return
  end
  local level = message_levels[params.type] or vim.log.levels.INFO
  if M.config.notify == "none" and level ~= vim.log.levels.ERROR then
    return params
  end
  local text = params.message
  if text:sub(1, #NAME + 1) ~= NAME .. ":" then
    text = NAME .. ": " .. text
  end
  vim.notify(text, level)
  return params
end

--- The diagnostic namespace of a client's pushed diagnostics.
local function diagnostic_namespace(client_id)
  return vim.lsp.diagnostic.get_namespace(client_id, false)
end

--- Applies the virtual_text option to the client's diagnostic namespace.
local function configure_diagnostics(client_id)
  local vt = M.config.virtual_text
  if vt == nil or not client_id then
    return
  end
  vim.diagnostic.config({ virtual_text = vt }, diagnostic_namespace(client_id))
end

local function client_config(bufnr)
  local root = M.find_root(bufnr)
  local settings = M.server_settings(root)
  local handlers = {
    ["factcheck/status"] = on_status,
    ["window/showMessage"] = on_show_message,
  }
  local config = {
    name = NAME,
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = {
      { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ":t") },
    },
    init_options = settings,
    -- The default workspace/configuration handler answers from here.
    settings = { factcheck = settings },
    handlers = handlers,
  }
  for k, v in pairs(M.config.client or {}) do
    if k == "handlers" then
      config.handlers = vim.tbl_extend("force", handlers, v)
    else
      config[k] = v
    end
  end
  local on_exit = config.on_exit
  config.on_exit = function(code, signal, client_id)
    M.last_exit = { code = code, signal = signal, client_id = client_id }
    status_by_client[client_id] = nil
    for r, id in pairs(clients_by_root) do
      if id == client_id then
        clients_by_root[r] = nil
      end
    end
    if on_exit then
      on_exit(code, signal, client_id)
    end
  end
  return config
end

local function get_client_by_id(id)
  return vim.lsp.get_client_by_id(id)
end

--- Starts (or reuses) the server for `bufnr` and attaches it.
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  if vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  local cmd = M.config.cmd
  if vim.fn.executable(cmd[1]) ~= 1 then
    if not M._warned_missing then
      M._warned_missing = true
      notify(
        string.format("server %q not found; set cmd = { '/path/to/factcheck', 'lsp' } in setup()", cmd[1]),
        vim.log.levels.ERROR
      )
    end
    return nil
  end
  local config = client_config(bufnr)
  if has_start then
    local started = vim.lsp.start(config, { bufnr = bufnr })
    configure_diagnostics(started)
    return started
  end
  -- Neovim 0.7: one client per root, started by hand.
  local id = clients_by_root[config.root_dir]
  local client = id and get_client_by_id(id)
  if not client or (client.is_stopped and client.is_stopped()) then
    id = vim.lsp.start_client(config)
    if not id then
      notify("could not start " .. table.concat(cmd, " "), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[config.root_dir] = id
    configure_diagnostics(id)
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- factcheck clients attached to `bufnr` (or all factcheck clients when bufnr is nil).
function M.clients(bufnr)
  local all
  if vim.lsp.get_clients then
    all = vim.lsp.get_clients({ name = NAME })
  else
    all = vim.lsp.get_active_clients()
  end
  local result = {}
  for _, client in ipairs(all) do
    if client.name == NAME and (bufnr == nil or vim.lsp.buf_is_attached(bufnr, client.id)) then
      table.insert(result, client)
    end
  end
  return result
end

local function request(client, method, params, handler, bufnr)
  if is_011 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function first_client(bufnr)
  local c = M.clients(bufnr)[1]
  if not c then
    notify("no factcheck server attached to this buffer", vim.log.levels.WARN)
  end
  return c
end

--- Asks the server to read the corpus again.
function M.reindex(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local clients = M.clients(bufnr)
  if #clients == 0 then
    clients = M.clients(nil)
  end
  if #clients == 0 then
    notify("no factcheck server is running", vim.log.levels.WARN)
    return
  end
  for _, client in ipairs(clients) do
    request(client, "workspace/executeCommand", { command = "factcheck.reindex", arguments = {} }, function(err)
      if err then
        notify("re-indexing failed: " .. tostring(err.message or err), vim.log.levels.ERROR)
      else
        notify("re-indexing the corpus")
      end
    end, bufnr)
  end
end

--- Calls `factcheck.describe` for `position` (LSP position; default: the
--- cursor) and hands `callback(err, markdown_or_nil)` the result.
function M.describe(bufnr, position, callback)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = first_client(bufnr)
  if not client then
    callback("no factcheck server attached", nil)
    return
  end
  if not position then
    local win = vim.api.nvim_get_current_win()
    position = vim.lsp.util.make_position_params(win, client.offset_encoding or "utf-16").position
  end
  local args = { { uri = vim.uri_from_bufnr(bufnr), position = position } }
  request(client, "workspace/executeCommand", { command = "factcheck.describe", arguments = args }, function(err, result)
    if err then
      callback(tostring(err.message or err), nil)
    elseif type(result) == "table" and type(result.markdown) == "string" then
      callback(nil, result.markdown)
    else
      callback(nil, nil)
    end
  end, bufnr)
end

--- :FactcheckInfo: shows what the archive knows about the name at the cursor.
function M.info()
  M.describe(nil, nil, function(err, markdown)
    if err then
      notify("describe failed: " .. err, vim.log.levels.ERROR)
      return
    end
    if not markdown or markdown:match("^%s*$") then
      notify("the archive has nothing on the word at the cursor")
      return
    end
    local ok = pcall(vim.lsp.util.open_floating_preview, split_lines(markdown), "markdown", {
      border = "rounded",
      focus_id = "factcheck-info",
    })
    if not ok then
      vim.api.nvim_echo({ { markdown } }, true, {})
    end
  end)
end

--- A short text for the statusline, e.g. "factcheck: 1234 articles".
function M.status(bufnr)
  local client = M.clients(bufnr or vim.api.nvim_get_current_buf())[1]
  if not client then
    return ""
  end
  local s = status_by_client[client.id]
  if not s then
    return "factcheck: starting"
  end
  if s.state == "indexing" then
    return string.format("factcheck: indexing… %d", s.articles or 0)
  elseif s.state == "error" then
    return "factcheck: error"
  end
  return string.format("factcheck: %d articles", s.articles or 0)
end

--- The diagnostic namespace of a factcheck client (for vim.diagnostic.config).
function M.namespace(client_id)
  return diagnostic_namespace(client_id)
end

--- The last factcheck/status params of the buffer's client (or nil).
function M.status_params(bufnr)
  local client = M.clients(bufnr or vim.api.nvim_get_current_buf())[1]
  return client and status_by_client[client.id] or nil
end

--- Stops the factcheck clients and attaches the open buffers again.
function M.restart()
  local buffers = {}
  for _, client in ipairs(M.clients(nil)) do
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.lsp.buf_is_attached(b, client.id) then
        buffers[b] = true
      end
    end
    if is_011 then
      client:stop()
    else
      client.stop()
    end
  end
  clients_by_root = {}
  vim.defer_fn(function()
    for b in pairs(buffers) do
      if vim.api.nvim_buf_is_valid(b) then
        M.attach(b)
      end
    end
  end, 500)
end

local function define_commands()
  local create = vim.api.nvim_create_user_command
  create("FactcheckReindex", function()
    M.reindex()
  end, { desc = "factcheck: read the corpus again" })
  create("FactcheckInfo", function()
    M.info()
  end, { desc = "factcheck: what the archive knows about the name at the cursor" })
  create("FactcheckRestart", function()
    M.restart()
  end, { desc = "factcheck: restart the language server" })
  create("FactcheckStatus", function()
    local s = M.status()
    notify(s ~= "" and s:gsub("^factcheck: ", "") or "not attached to this buffer")
  end, { desc = "factcheck: show the corpus status" })
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  -- Lists are replaced, not merged.
  if opts and opts.cmd then
    M.config.cmd = opts.cmd
  end
  if opts and opts.corpus then
    M.config.corpus = opts.corpus
  end
  if opts and opts.filetypes then
    M.config.filetypes = opts.filetypes
  end
  if type(M.config.cmd) == "string" then
    M.config.cmd = { M.config.cmd, "lsp" }
  end
  M._warned_missing = false

  define_commands()
  local group = vim.api.nvim_create_augroup("factcheck", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
    desc = "factcheck: start the language server",
  })
  -- Buffers already open when setup() runs.
  local wanted = {}
  for _, ft in ipairs(M.config.filetypes) do
    wanted[ft] = true
  end
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and wanted[vim.bo[b].filetype] then
      M.attach(b)
    end
  end
end

return M
