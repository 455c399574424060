"""YAML loading that remembers line numbers, so an error can say `members/anyang.yaml:14`.

`LineLoader` is `yaml.SafeLoader` with two constructors replaced: mappings become `LineDict`
and sequences `LineList`, which carry the line of each key or item. It constructs nothing
that SafeLoader would not (no arbitrary objects), so it is as safe as `yaml.safe_load`.
"""

import yaml

from cluster.content_import.shown import cut, shown


class LineDict(dict):
    line = 0
    key_lines: dict

    def line_of(self, key):
        return self.key_lines.get(key, self.line)


class LineList(list):
    line = 0
    item_lines: list

    def line_of(self, index):
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node):
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {shown(key)}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader, node):
    sequence = LineList(loader.construct_object(child, deep=True) for child in node.value)
    sequence.line = node.start_mark.line + 1
    sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
    return sequence


def _construct_timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as e:  # 2021-02-30 matches the date pattern but is no date
        raise yaml.constructor.ConstructorError(
            None, None, f"not a valid date: {cut(node.value)} ({e})", node.start_mark
        ) from e


LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(text):
    """Parse YAML text into LineDict/LineList values. Raises yaml.YAMLError on bad syntax."""
    return yaml.load(text, Loader=LineLoader)  # noqa: S506 - LineLoader is a SafeLoader
