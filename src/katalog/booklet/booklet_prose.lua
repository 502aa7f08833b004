-- Record Markdown as data for the booklet (used by katalog.prose).
--
-- Every field arrives as its own file (pandoc --file-scope), opened by a marker
-- paragraph "katalog<nonce>x<n>" (the nonce is new for every build, so record
-- text cannot forge one). This filter:
--   * turns each marker into a Typst comment line, so katalog.prose can cut the
--     output back into fields;
--   * renumbers each field's headings from level 1 without gaps (the booklet
--     places them under its own headings with `heading(offset: …)`);
--   * keeps only http(s), mailto and tel links; any other link becomes its text,
--     and an image becomes its description (record text never loads a file);
--   * shows raw TeX/HTML/Typst and math as plain text, and drops every
--     identifier, class and attribute (no labels from record text).

local SAFE_SCHEMES = { http = true, https = true, mailto = true, tel = true }

local function safe_url(url)
  local probe = url:gsub("[%z\1-\32\127]", ""):lower()
  local scheme = probe:match("^([a-z][a-z0-9+.%-]*):")
  return scheme ~= nil and SAFE_SCHEMES[scheme] == true
end

local function plain_attr(el)
  if el.attr ~= nil then
    el.attr = pandoc.Attr()
  end
  return el
end

local neutralise = {
  Link = function(el)
    if safe_url(el.target) then
      el.title = ""
      return plain_attr(el)
    end
    return el.content
  end,
  Image = function(el)
    return el.caption
  end,
  RawInline = function(el)
    return pandoc.Str(el.text)
  end,
  RawBlock = function(el)
    return pandoc.Para({ pandoc.Str(el.text) })
  end,
  Math = function(el)
    local fence = el.mathtype == "DisplayMath" and "$$" or "$"
    return pandoc.Str(fence .. el.text .. fence)
  end,
  Cite = function(el)
    return el.content
  end,
  Header = plain_attr,
  Div = plain_attr,
  Span = plain_attr,
  Code = plain_attr,
  CodeBlock = plain_attr,
  Table = plain_attr,
  Figure = plain_attr,
}

local function renumber_headings(blocks)
  local used = {}
  pandoc.Blocks(blocks):walk({
    Header = function(el)
      used[el.level] = true
    end,
  })
  local levels = {}
  for level in pairs(used) do
    table.insert(levels, level)
  end
  table.sort(levels)
  local new_level = {}
  for rank, level in ipairs(levels) do
    new_level[level] = rank
  end
  return pandoc.Blocks(blocks):walk({
    Header = function(el)
      el.level = new_level[el.level]
      return el
    end,
  })
end

function Pandoc(doc)
  local nonce = pandoc.utils.stringify(doc.meta["katalog-nonce"] or "")
  if nonce == "" then
    error("katalog: the filter needs the metadata value katalog-nonce")
  end
  local pattern = "^katalog" .. nonce .. "x(%d+)$"
  local out = {}
  local segment = nil
  local function flush()
    if segment ~= nil then
      for _, block in ipairs(renumber_headings(pandoc.Blocks(segment.blocks):walk(neutralise))) do
        table.insert(out, block)
      end
    end
  end
  for _, block in ipairs(doc.blocks) do
    local number = block.t == "Para" and #block.content == 1 and block.content[1].t == "Str"
      and block.content[1].text:match(pattern)
    if number then
      flush()
      table.insert(out, pandoc.RawBlock("typst", "// katalog-" .. nonce .. "-" .. number))
      segment = { blocks = {} }
    elseif segment ~= nil then
      table.insert(segment.blocks, block)
    end
  end
  flush()
  table.insert(out, pandoc.RawBlock("typst", "// katalog-" .. nonce .. "-end"))
  return pandoc.Pandoc(out, pandoc.Meta({}))
end
