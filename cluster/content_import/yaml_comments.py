"""The comments of a content file, kept apart from its values and put back into new text.

Comments in cluster/content say where a value came from and which typo of the source was fixed;
they belong to the repository as much as the values do. `comment_blocks(text)` lifts them out,
each block of comment lines anchored to the line below it (a key such as `  - paragraph:`, and
which occurrence of it); `with_comments(blocks, text)` puts them back above the same anchor in
YAML written afresh. The import stores them with what it wrote (ImportRecord), so the export can
write a file with its comments into an empty directory. A comment whose anchor is gone (the
value was removed in the admin) goes to the end of the file rather than being lost.
"""

import re

KEY = re.compile(r"\s*(?:- )?[\w-]+:")


def anchor_of(line):
    key = KEY.match(line)
    return key.group(0) if key else line.rstrip()


def comment_blocks(text):
    """[[anchor, occurrence, [comment lines]], ...] in file order; a block at the end of the
    file has the anchor None."""
    blocks, pending, seen = [], [], {}
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            pending.append(line)
            continue
        if not line.strip():
            continue
        anchor = anchor_of(line)
        seen[anchor] = seen.get(anchor, 0) + 1
        if pending:
            blocks.append([anchor, seen[anchor], pending])
            pending = []
    if pending:
        blocks.append([None, 0, pending])
    return blocks


def with_comments(blocks, text):
    """`text` with each comment block above the line its anchor names."""
    waiting = {(anchor, occurrence): lines for anchor, occurrence, lines in blocks if anchor}
    out, seen = [], {}
    for line in text.splitlines():
        anchor = anchor_of(line)
        seen[anchor] = seen.get(anchor, 0) + 1
        out.extend(waiting.pop((anchor, seen[anchor]), []))
        out.append(line)
    for lines in waiting.values():
        out.extend(lines)
    for anchor, _occurrence, lines in blocks:
        if anchor is None:
            out.extend(lines)
    return "\n".join(out) + "\n"
