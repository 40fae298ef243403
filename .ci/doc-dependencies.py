#!/usr/bin/env python3
"""Checks the Maven snippets of the docs pages that tell a user how to depend on this build's artifacts:
every <dependency> names a version; a dev.asyncjobs artifact is a module of this build, at the build's version; any
other artifact is one this build depends on, at the version it uses (so the snippet resolves as the build does); every
`mvn ... install -pl a,b -am` names module directories; and the snippets of the pages the standalone project follows
are exactly its pom's dependencies."""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NS = {'m': 'http://maven.apache.org/POM/4.0.0'}
PAGES = sorted(glob.glob(os.path.join(ROOT, 'components/camel-*/src/main/docs/*.md')))
STANDALONE_POM = os.path.join(ROOT, 'examples/standalone-project-example/pom.xml')
# the pages whose first snippet the standalone project declares, dependency for dependency
FOLLOWED = ['components/camel-sateais/src/main/docs/sateais-component.md',
            'components/camel-asyncjob-store-jdbc/src/main/docs/running-on-several-nodes.md']


def text(node, name):
    child = node.find('m:' + name, NS)
    if child is None:
        child = node.find(name)
    return child.text.strip() if child is not None and child.text else None


def build_poms():
    poms = {}
    for path in glob.glob(os.path.join(ROOT, '**/pom.xml'), recursive=True):
        if '/target/' in path or path == STANDALONE_POM:
            continue
        poms[path] = ET.parse(path).getroot()
    return poms


def properties(pom):
    props = {}
    node = pom.find('m:properties', NS)
    for child in (node if node is not None else []):
        props[child.tag.split('}')[1]] = (child.text or '').strip()
    return props


def snippets(page):
    """The page's dependency snippets, each a list of (groupId, artifactId, version, scope)."""
    blocks = []
    for block in re.findall(r'```xml\n(.*?)```', open(page).read(), re.S):
        if '<dependency>' not in block:
            continue
        root = ET.fromstring('<dependencies>' + block + '</dependencies>')
        blocks.append([(text(d, 'groupId'), text(d, 'artifactId'), text(d, 'version'), text(d, 'scope') or 'compile')
                       for d in root.findall('dependency')])
    return blocks


def main():
    poms = build_poms()
    root_pom = poms[os.path.join(ROOT, 'pom.xml')]
    version = text(root_pom, 'version')
    modules = {text(p, 'artifactId') for p in poms.values()}
    root_props = properties(root_pom)
    used = {}  # (groupId, artifactId) -> versions this build declares for it
    for path, pom in poms.items():
        props = dict(root_props, **properties(pom))
        for d in pom.iter('{%s}dependency' % NS['m']):
            v = text(d, 'version')
            if v:
                v = re.sub(r'\$\{([^}]+)\}', lambda m: props.get(m.group(1), m.group(0)), v)
                used.setdefault((text(d, 'groupId'), text(d, 'artifactId')), set()).add(v)
    errors = []
    for page in PAGES:
        rel = os.path.relpath(page, ROOT)
        for g, a, v, _ in [dep for block in snippets(page) for dep in block]:
            where = '%s: %s:%s' % (rel, g, a)
            if not v:
                errors.append(where + ' has no <version> (camel-bom does not manage it)')
            elif g == 'dev.asyncjobs':
                if a not in modules:
                    errors.append(where + ' is no module of this build')
                elif v != version:
                    errors.append('%s:%s is not the build version %s' % (where, v, version))
            elif v not in used.get((g, a), set()):
                errors.append('%s:%s is not what this build uses (%s)' % (where, v, ', '.join(sorted(used.get((g, a), ['nothing'])))))
        for command in re.findall(r'^mvn .*install -pl (\S+) -am$', open(page).read(), re.M):
            for module in command.split(','):
                if not os.path.isfile(os.path.join(ROOT, module, 'pom.xml')):
                    errors.append('%s: `mvn install -pl %s`: no module %s' % (rel, command, module))
    standalone = ET.parse(STANDALONE_POM).getroot()
    declared = {(text(d, 'groupId'), text(d, 'artifactId'), text(d, 'version'), text(d, 'scope') or 'compile')
                for d in standalone.find('m:dependencies', NS).findall('m:dependency', NS)}
    for rel in FOLLOWED:
        # the page's first snippet: how to get it (a later one may be the starter's)
        for dep in snippets(os.path.join(ROOT, rel))[0]:
            if dep not in declared:
                errors.append('%s: %s is not declared so by examples/standalone-project-example/pom.xml' % (rel, ':'.join(dep)))
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        sys.exit(1)
    print('checked the dependency snippets of %d docs pages' % len(PAGES))


if __name__ == '__main__':
    main()
