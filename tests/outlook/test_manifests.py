"""The Outlook manifests: schema-valid, in schema order, in step with each other and with the committed copies.

Offline throughout. The unified JSON is validated against the official JSON schema bundled in
node_modules/@microsoft/app-manifest (Python jsonschema, and ajv through that package as a cross-check).
The XML manifest has no XSD in any installed package, so it is checked three ways: Microsoft's
office-addin-manifest-converter must turn it into a unified manifest that passes the same schema and says
what our JSON says; its element order follows the XSD sequences (tables below); namespaces and resource
references are checked by parsing it namespace-aware.

Tests needing node or node_modules skip with the reason, unless SENDWELL_REQUIRE_NODE=1 makes them fail.
"""
from __future__ import annotations

import copy
import io
import json
import os
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from addin.outlook import manifest as m

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "manifest" / "outlook"
ASSETS = ROOT / "addin" / "outlook" / "assets"
NODE_MODULES = ROOT / "node_modules"
APP_MANIFEST = NODE_MODULES / "@microsoft" / "app-manifest"
CONVERTER = NODE_MODULES / "office-addin-manifest-converter"
TEAMS_SCHEMAS = APP_MANIFEST / "build" / "json-schemas" / "teams"
REGENERATE = f".venv/bin/sendwell manifest outlook --base-url {m.EXAMPLE_BASE_URL}"

NS = {"o": m.NS_OFFICEAPP, "xsi": m.NS_XSI, "bt": m.NS_BT, "v0": m.NS_VO_1_0, "v1": m.NS_VO_1_1}
XSI_TYPE = f"{{{m.NS_XSI}}}type"


# --- helpers ---------------------------------------------------------------------------------------------------

def need(*paths: Path, node: bool = False) -> None:
    """Skip (or, with SENDWELL_REQUIRE_NODE=1, fail) when the JavaScript tooling is missing."""
    missing = [f"{p.relative_to(ROOT)} (run npm ci)" for p in paths if not p.exists()]
    if node and not shutil.which("node"):
        missing.insert(0, "node on PATH (Node 20)")
    if missing:
        reason = "needs " + ", ".join(missing)
        if os.environ.get("SENDWELL_REQUIRE_NODE") == "1":
            pytest.fail(reason + "; SENDWELL_REQUIRE_NODE=1")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def addin() -> m.AddIn:
    return m.facts(m.EXAMPLE_BASE_URL)


@pytest.fixture(scope="module")
def xml_bytes(addin) -> bytes:
    return m.outlook_xml(addin)


@pytest.fixture(scope="module")
def unified(addin) -> dict:
    return m.unified_manifest(addin)


def local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def namespace(element: ET.Element) -> str:
    return element.tag[1:].split("}", 1)[0] if element.tag.startswith("{") else ""


def png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and raw scanlines of a PNG we wrote (compared instead of bytes: zlib builds differ)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        assert struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0] == zlib.crc32(kind + body)
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert (depth, colour) == (8, 6), "8-bit RGBA"
    return width, height, zlib.decompress(idat)


# --- base URL ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("given, expected", [
    ("https://sendwell.example.com", "https://sendwell.example.com"),
    ("https://Sendwell.Example.com:8443/", "https://sendwell.example.com:8443"),
    ("https://example.com/sendwell/", "https://example.com/sendwell"),
    ("http://localhost:8000", "http://localhost:8000"),
    ("http://127.0.0.1:5000/", "http://127.0.0.1:5000"),
])
def test_base_url_accepted(given, expected):
    assert m.check_base_url(given) == expected


@pytest.mark.parametrize("given", [
    "http://example.com", "http://sendwell.example.com:8000", "ftp://example.com", "example.com", "",
    "https://", "https://user:secret@example.com", "https://example.com/?next=x", "https://example.com:99999",
])
def test_base_url_refused(given):
    with pytest.raises(ValueError, match="base URL"):
        m.check_base_url(given)


def test_refused_base_url_writes_nothing(tmp_path):
    with pytest.raises(ValueError, match="https"):
        m.write_manifests("http://example.com", tmp_path / "out")
    assert not (tmp_path / "out").exists()


# --- the unified manifest against the official schema ------------------------------------------------------

def schema_for(version: str) -> dict:
    return json.loads((TEAMS_SCHEMAS / f"v{version}" / "MicrosoftTeams.schema.json").read_text(encoding="utf-8"))


def validation_errors(manifest: dict) -> list[str]:
    """jsonschema errors against the bundled schema that the manifest's manifestVersion names.

    Every $ref is resolved from the bundled files (developer.microsoft.com URLs mapped to
    node_modules); anything else raises instead of touching the network.
    """
    jsonschema = pytest.importorskip("jsonschema")
    referencing = pytest.importorskip("referencing")
    version = manifest["manifestVersion"]
    assert manifest["$schema"].rstrip("#") == f"https://developer.microsoft.com/json-schemas/teams/v{version}/MicrosoftTeams.schema.json"
    prefix = "https://developer.microsoft.com/json-schemas/teams/"

    def retrieve(uri: str):
        if not uri.startswith(prefix):
            raise LookupError(f"refusing to fetch {uri}: schemas are resolved from node_modules only")
        path = TEAMS_SCHEMAS / uri[len(prefix):].split("#")[0]
        return referencing.Resource.from_contents(json.loads(path.read_text(encoding="utf-8")),
                                                  default_specification=referencing.jsonschema.DRAFT4)

    schema = schema_for(version)
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, registry=referencing.Registry(retrieve=retrieve))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(manifest)]


def test_unified_manifest_is_valid(unified):
    need(APP_MANIFEST)
    assert unified["manifestVersion"] == m.MANIFEST_VERSION
    assert validation_errors(unified) == []


def test_unified_manifest_also_fits_the_newest_bundled_numbered_schema(unified):
    """Bumping MANIFEST_VERSION to the newest schema the toolkit ships should be a one-line change."""
    need(APP_MANIFEST)
    numbered = [p.name[1:] for p in TEAMS_SCHEMAS.iterdir() if re.fullmatch(r"v\d+\.\d+", p.name)]
    newest = max(numbered, key=lambda v: tuple(map(int, v.split("."))))
    bumped = dict(unified, manifestVersion=newest,
                  **{"$schema": f"https://developer.microsoft.com/json-schemas/teams/v{newest}/MicrosoftTeams.schema.json"})
    assert validation_errors(bumped) == []


@pytest.mark.parametrize("breakage", ["sendMode", "developer", "runtime-code", "long-name"])
def test_schema_validation_catches_broken_manifests(unified, breakage):
    need(APP_MANIFEST)
    broken = copy.deepcopy(unified)
    extension = broken["extensions"][0]
    if breakage == "sendMode":
        extension["autoRunEvents"][0]["events"][0]["options"]["sendMode"] = "prompt"
    elif breakage == "developer":
        del broken["developer"]
    elif breakage == "runtime-code":
        extension["runtimes"][1]["code"] = {"script": m.EXAMPLE_BASE_URL + m.EVENT_SCRIPT}  # page is required
    else:
        broken["name"]["short"] = "Sendwell, the sales-email coach for everyone"  # over 30 characters
    assert validation_errors(broken), f"the schema should reject the {breakage} breakage"


def test_unified_manifest_says_what_the_add_in_needs(unified, addin):
    extension = unified["extensions"][0]
    runtimes = {r["id"]: r for r in extension["runtimes"]}
    actions = {a["id"]: (runtime, a) for runtime in runtimes.values() for a in runtime["actions"]}

    event = extension["autoRunEvents"][0]
    assert event["requirements"] == {"capabilities": [{"name": "Mailbox", "minVersion": "1.12"}], "scopes": ["mail"]}
    assert event["events"] == [{"type": "messageSending", "actionId": "onMessageSendHandler",
                                "options": {"sendMode": "promptUser"}}]
    on_send_runtime, on_send = actions["onMessageSendHandler"]
    assert on_send["type"] == "executeFunction"
    assert on_send_runtime["code"] == {"page": addin.url("/outlook/commands.html"), "script": addin.url("/outlook/commands.js")}

    (ribbon,) = extension["ribbons"]
    assert ribbon["contexts"] == ["mailCompose"]
    (control,) = ribbon["tabs"][0]["groups"][0]["controls"]
    assert (control["id"], control["label"]) == ("msgComposeOpenPaneButton", "Sendwell")
    pane_runtime, pane = actions[control["actionId"]]
    assert pane["type"] == "openPage" and pane_runtime["code"] == {"page": addin.url("/outlook/taskpane.html")}
    assert [i["size"] for i in control["icons"]] == [16, 32, 80]

    assert unified["authorization"]["permissions"]["resourceSpecific"] == [{"name": "MailboxItem.ReadWrite.User", "type": "Delegated"}]
    assert unified["validDomains"] == ["localhost:8000"]
    assert unified["icons"] == {"color": "color.png", "outline": "outline.png"}


def node_json(script: str, *args: str) -> object:
    result = subprocess.run(["node", "-e", script, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


AJV = """
const {AppManifestUtils} = require("@microsoft/app-manifest");
const fs = require("fs");
const [schemaPath, ...manifests] = process.argv.slice(1);
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
Promise.all(manifests.map((p) => AppManifestUtils.validateAgainstSchema(JSON.parse(fs.readFileSync(p, "utf8")), schema)))
  .then((errors) => console.log(JSON.stringify(errors)), (e) => { console.error(e); process.exit(1); });
"""


def test_unified_manifest_passes_the_toolkits_own_validator(tmp_path, unified):
    """The ajv check behind `office-addin-manifest validate`, given the bundled schema (it would download it)."""
    need(APP_MANIFEST, node=True)
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(unified))
    broken = copy.deepcopy(unified)
    broken["extensions"][0]["autoRunEvents"][0]["events"][0]["options"]["sendMode"] = "prompt"
    bad.write_text(json.dumps(broken))
    schema = TEAMS_SCHEMAS / f"v{m.MANIFEST_VERSION}" / "MicrosoftTeams.schema.json"
    good_errors, bad_errors = node_json(AJV, str(schema), str(good), str(bad))
    assert good_errors == []
    assert any("sendMode" in e for e in bad_errors)


# --- the XML manifest, through Microsoft's converter ------------------------------------------------------

CONVERT = """
const converter = require("office-addin-manifest-converter");
const [xml, out] = process.argv.slice(1);
converter.convert(xml, out, false, null, null, true)
  .then(() => console.log(JSON.stringify(require("fs").readFileSync(out + "/manifest.json", "utf8"))),
        (e) => { console.error(e); process.exit(1); });
"""


@pytest.fixture(scope="module")
def converted(tmp_path_factory, xml_bytes) -> dict:
    """Our XML manifest converted to a unified manifest by office-addin-manifest-converter."""
    need(CONVERTER, node=True)
    work = tmp_path_factory.mktemp("converted")
    (work / "manifest.xml").write_bytes(xml_bytes)
    result = subprocess.run(["node", "-e", CONVERT, str(work / "manifest.xml"), str(work / "json")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    errors = [line for line in (result.stdout + result.stderr).splitlines() if "ERROR:" in line]
    assert errors == [], "the converter could not read parts of the XML manifest"
    return json.loads(json.loads(result.stdout.strip().splitlines()[-1]))


def test_converted_xml_manifest_is_valid(converted):
    need(APP_MANIFEST)
    assert converted["manifestVersion"] == m.MANIFEST_VERSION  # the converter's default; same schema as ours
    assert validation_errors(converted) == []


def essentials(manifest: dict) -> dict:
    """What both manifests must agree on, in a form that ignores the converter's generated ids.

    Not compared: requirement versions (converter 0.4.1 compares "1.12" < "1.5" as numbers and keeps 1.5),
    names and short description (derived differently), validDomains (it keeps the scheme).
    """
    extension = manifest["extensions"][0]
    actions = {a["id"]: (r, a) for r in extension["runtimes"] for a in r.get("actions", [])}
    controls = set()
    for ribbon in extension["ribbons"]:
        for tab in ribbon["tabs"]:
            for group in tab["groups"]:
                for c in group["controls"]:
                    runtime, action = actions[c["actionId"]]
                    controls.add((tuple(ribbon["contexts"]), tab["builtInTabId"], group["id"], c["id"], c["label"],
                                  json.dumps(c["icons"]), c["supertip"]["title"], action["type"], runtime["code"]["page"]))
    events = set()
    for auto in extension["autoRunEvents"]:
        for e in auto["events"]:
            runtime, action = actions[e["actionId"]]
            events.add((e["type"], e["actionId"], e["options"]["sendMode"], action["type"], json.dumps(runtime["code"], sort_keys=True)))
    return {
        "id": manifest["id"],
        "version": manifest["version"],
        "permissions": manifest["authorization"]["permissions"]["resourceSpecific"],
        "scopes": extension["requirements"]["scopes"],
        "controls": controls,
        "events": events,
        "alternate icons": extension["alternates"][0]["alternateIcons"],
    }


def test_xml_and_json_manifests_describe_the_same_add_in(converted, unified):
    assert essentials(converted) == essentials(unified)


# --- the XML manifest: namespaces, order, references ------------------------------------------------------------

# Child order inside each parent, from the XSD xs:sequence of its type (OfficeAppManifestV1_1.xsd,
# MailAppVersionOverridesV1_0/V1_1.xsd, OfficeAppBasicTypesV1_0.xsd and MS-OWEMXML). Keys are the local name,
# plus ":xsi:type" where the type decides the content. Children not listed are errors too.
ORDER = {
    "OfficeApp:MailApp": ["Id", "AlternateId", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description",
                          "IconUrl", "HighResolutionIconUrl", "SupportUrl", "AppDomains", "Hosts", "Requirements",
                          "FormSettings", "Permissions", "Rule", "DisableEntityHighlighting", "VersionOverrides", "Signature"],
    "VersionOverrides:VersionOverridesV1_0": ["Description", "Requirements", "Hosts", "Resources", "VersionOverrides"],
    "VersionOverrides:VersionOverridesV1_1": ["Description", "Requirements", "Hosts", "Resources", "WebApplicationInfo",
                                              "EquivalentAddins", "VersionOverrides"],
    "Requirements": ["Sets", "Methods"],
    "FormSettings": ["Form"],
    "Form:ItemEdit": ["DesktopSettings", "TabletSettings", "PhoneSettings"],
    "Host:MailHost": ["Runtimes", "DesktopFormFactor", "MobileFormFactor"],
    "Runtime": ["Override"],
    "DesktopFormFactor": ["SupportsSharedFolders", "FunctionFile", "ExtensionPoint"],
    "ExtensionPoint:MessageComposeCommandSurface": ["OfficeTab", "CustomTab"],
    "ExtensionPoint:LaunchEvent": ["LaunchEvents", "SourceLocation"],
    "OfficeTab": ["Group"],
    "Group": ["Label", "Control"],
    "Control:Button": ["Label", "Supertip", "Icon", "Action"],
    "Supertip": ["Title", "Description"],
    "Action:ShowTaskpane": ["SourceLocation"],
    "Resources": ["Images", "Urls", "ShortStrings", "LongStrings"],
}
REQUIRED = {
    "OfficeApp:MailApp": ["Id", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description",
                          "Requirements", "FormSettings", "Rule"],
    "Control:Button": ["Label", "Supertip", "Icon", "Action"],
    "ExtensionPoint:LaunchEvent": ["LaunchEvents", "SourceLocation"],
}


def order_problems(root: ET.Element) -> list[str]:
    """Every parent in ORDER: children known, in sequence order, required ones present."""
    problems = []
    for parent in root.iter():
        name = local(parent)
        key = f"{name}:{parent.get(XSI_TYPE)}" if f"{name}:{parent.get(XSI_TYPE)}" in ORDER else name
        if key not in ORDER:
            continue
        sequence, last = ORDER[key], -1
        children = [local(child) for child in parent]
        for child in children:
            if child not in sequence:
                problems.append(f"{key}: <{child}> is not a valid child")
            elif sequence.index(child) < last:
                problems.append(f"{key}: <{child}> must come before <{sequence[last]}>")
            else:
                last = sequence.index(child)
        problems += [f"{key}: missing <{r}>" for r in REQUIRED.get(key, []) if r not in children]
    return problems


def test_xml_elements_are_in_schema_order(xml_bytes):
    assert order_problems(ET.fromstring(xml_bytes)) == []


def _move(parent_path: str, child: str, before: str | None):
    """A breakage: move <child> of the element at parent_path before <before> (or to the end)."""
    def apply(root: ET.Element) -> None:
        parent = root if parent_path == "." else root.find(parent_path, NS)
        element = parent.find(child, NS)
        parent.remove(element)
        index = len(parent) if before is None else list(parent).index(parent.find(before, NS))
        parent.insert(index, element)
    return apply


V1_1 = "v0:VersionOverrides/v1:VersionOverrides"
HOST_1_1 = f"{V1_1}/v1:Hosts/v1:Host"


@pytest.mark.parametrize("breakage, expected", [
    (_move(".", "o:IconUrl", "o:Description"), "<Description> must come before <IconUrl>"),
    (_move(".", "o:Permissions", "o:FormSettings"), "<FormSettings> must come before <Permissions>"),
    (_move(".", "o:Id", None), "<Id>"),
    (_move(V1_1, "v1:Resources", "v1:Hosts"), "<Hosts> must come before <Resources>"),
    (_move(HOST_1_1, "v1:Runtimes", None), "<Runtimes> must come before <DesktopFormFactor>"),
    (_move(f"{HOST_1_1}/v1:DesktopFormFactor", "v1:FunctionFile", None), "<FunctionFile> must come before"),
    (_move(f"{V1_1}/v1:Resources", "bt:Images", None), "<Images> must come before <LongStrings>"),
])
def test_order_checker_catches_misplaced_elements(xml_bytes, breakage, expected):
    root = ET.fromstring(xml_bytes)
    breakage(root)
    problems = order_problems(root)
    assert any(expected in p for p in problems), problems


def test_order_checker_catches_strangers_and_gaps(xml_bytes):
    root = ET.fromstring(xml_bytes)
    root.remove(root.find("o:Rule", NS))
    ET.SubElement(root, f"{{{m.NS_OFFICEAPP}}}Colour")
    problems = order_problems(root)
    assert "OfficeApp:MailApp: missing <Rule>" in problems
    assert "OfficeApp:MailApp: <Colour> is not a valid child" in problems


def test_xml_namespaces(xml_bytes):
    """Base manifest in the OfficeApp namespace, each VersionOverrides in its own, resources in bt:."""
    assert xml_bytes.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<OfficeApp xmlns=')
    root = ET.fromstring(xml_bytes)
    assert root.tag == f"{{{m.NS_OFFICEAPP}}}OfficeApp" and root.get(XSI_TYPE) == "MailApp"
    v1_0 = root.find("v0:VersionOverrides", NS)
    v1_1 = v1_0.find("v1:VersionOverrides", NS)
    assert (v1_0.get(XSI_TYPE), v1_1.get(XSI_TYPE)) == ("VersionOverridesV1_0", "VersionOverridesV1_1")
    assert {namespace(e) for e in _own_subtree(root, stop=v1_0)} == {m.NS_OFFICEAPP}
    basic = {"Sets", "Set", "Images", "Image", "Urls", "Url", "ShortStrings", "LongStrings", "String"}
    for override, ns in ((v1_0, m.NS_VO_1_0), (v1_1, m.NS_VO_1_1)):
        for element in _own_subtree(override, stop=v1_1 if override is v1_0 else None):
            if namespace(element) == m.NS_BT:
                assert local(element) in basic, f"bt:{local(element)}"
            else:
                assert namespace(element) == ns, f"<{local(element)}> in {namespace(element)}, not {ns}"


def _own_subtree(element: ET.Element, stop: ET.Element | None):
    """The element and its descendants, leaving out the subtree at ``stop`` (the nested VersionOverrides)."""
    yield element
    for child in element:
        if child is not stop:
            yield from _own_subtree(child, stop)


def test_xml_says_what_the_add_in_needs(xml_bytes, addin):
    root = ET.fromstring(xml_bytes)
    assert root.findtext("o:Id", namespaces=NS) == m.ADDIN_ID
    assert re.fullmatch(r"\d{1,5}(\.\d{1,5}){3}", root.findtext("o:Version", namespaces=NS))
    assert root.findtext("o:Permissions", namespaces=NS) == "ReadWriteItem"
    assert [e.text for e in root.findall("o:AppDomains/o:AppDomain", NS)] == ["https://localhost:8000"]
    v1_1 = root.find(V1_1, NS)
    assert v1_1.find("v1:Requirements/bt:Sets", NS).get("DefaultMinVersion") == "1.12"
    assert root.find("v0:VersionOverrides/v0:Requirements/bt:Sets", NS).get("DefaultMinVersion") == "1.3"
    (event,) = v1_1.iterfind(".//v1:LaunchEvent", NS)
    assert event.attrib == {"Type": "OnMessageSend", "FunctionName": "onMessageSendHandler", "SendMode": "PromptUser"}
    # Only the 1.1 block may carry the event: 1.0 clients know neither LaunchEvent nor Runtimes.
    assert root.find("v0:VersionOverrides", NS).find("v0:Hosts//v0:LaunchEvent", NS) is None

    for override, ns in ((root.find("v0:VersionOverrides", NS), "v0"), (v1_1, "v1")):
        urls = {u.get("id"): u.get("DefaultValue") for u in override.findall(f"{ns}:Resources/bt:Urls/bt:Url", NS)}
        images = {i.get("id"): i.get("DefaultValue") for i in override.findall(f"{ns}:Resources/bt:Images/bt:Image", NS)}
        strings = {s.get("id"): s.get("DefaultValue") for s in override.findall(f"{ns}:Resources/*/bt:String", NS)}
        known = urls | images | strings
        own = list(_own_subtree(override, stop=v1_1))
        referenced = [e.get("resid") for e in own if e.get("resid")]
        assert referenced and set(referenced) <= set(known), set(referenced) - set(known)
        assert all(len(key) <= 32 for key in known), "resource ids are at most 32 characters"
        assert all(len(s) <= 125 for k, s in strings.items() if k != m.RES_TOOLTIP)
        button = override.find(f".//{ns}:Control", NS)
        assert button.get("id") == m.PANE_BUTTON and button.get(XSI_TYPE) == "Button"
        assert button.find(f"{ns}:Action", NS).get(XSI_TYPE) == "ShowTaskpane"
        assert urls[button.find(f"{ns}:Action/{ns}:SourceLocation", NS).get("resid")] == addin.url("/outlook/taskpane.html")
        assert [int(i.get("size")) for i in button.findall(f"{ns}:Icon/bt:Image", NS)] == [16, 32, 80]
    runtime = root.find(f"{HOST_1_1}/v1:Runtimes/v1:Runtime", NS)
    urls = {u.get("id"): u.get("DefaultValue") for u in v1_1.findall("v1:Resources/bt:Urls/bt:Url", NS)}
    assert urls[runtime.get("resid")] == addin.url("/outlook/commands.html")
    override = runtime.find("v1:Override", NS)
    assert override.get("type") == "javascript" and urls[override.get("resid")] == addin.url("/outlook/commands.js")
    (launch,) = [e for e in v1_1.iterfind(".//v1:ExtensionPoint", NS) if e.get(XSI_TYPE) == "LaunchEvent"]
    assert launch.find("v1:SourceLocation", NS).get("resid") == runtime.get("resid")
    assert len(root.find("o:Description", NS).get("DefaultValue")) <= 250


# --- icons ---------------------------------------------------------------------------------------------------------

def test_icons_have_the_sizes_outlook_and_teams_ask_for():
    for name, (size, style) in m.ICONS.items():
        width, height, raw = png_pixels(m.icon_png(name))
        assert (width, height) == (size, size)
        pixels = [raw[y * (4 * width + 1) + 1:(y + 1) * (4 * width + 1)] for y in range(height)]
        alphas = {p[i + 3] for p in pixels for i in range(0, len(p), 4)}
        assert 0 in alphas and 255 in alphas, name  # transparent corners or background, opaque shape
        if style == "outline":  # white on transparent, as the unified manifest's outline icon must be
            assert all(p[i:i + 3] == b"\xff\xff\xff" for p in pixels for i in range(0, len(p), 4))
    assert m.ICONS["color.png"][0] == 192 and m.ICONS["outline.png"][0] == 32
    assert {f"icon-{n}.png" for n in (16, 32, 64, 80, 128)} <= set(m.ICONS)


def test_committed_assets_are_current():
    for name in m.ICONS:
        path = ASSETS / name
        assert path.exists(), f"missing {path}; run: .venv/bin/python -m addin.outlook.manifest --icons"
        assert png_pixels(path.read_bytes()) == png_pixels(m.icon_png(name)), f"{path} is stale; run: .venv/bin/python -m addin.outlook.manifest --icons"


# --- the committed example and the CLI ----------------------------------------------------------------------

def same_file(name: str, ours: bytes, theirs: bytes) -> bool:
    if name.endswith(".png"):
        return png_pixels(ours) == png_pixels(theirs)
    if name.endswith(".zip"):
        a, b = zipfile.ZipFile(io.BytesIO(ours)), zipfile.ZipFile(io.BytesIO(theirs))
        return a.namelist() == b.namelist() and all(same_file(n, a.read(n), b.read(n)) for n in a.namelist())
    return ours == theirs


def test_committed_manifests_are_current(tmp_path):
    written = m.write_manifests(m.EXAMPLE_BASE_URL, tmp_path)
    assert [p.name for p in written] == ["manifest.xml", "manifest.json", "color.png", "outline.png", m.PACKAGE]
    for path in written:
        committed = COMMITTED / path.name
        assert committed.exists(), f"missing {committed}; run: {REGENERATE}"
        assert same_file(path.name, path.read_bytes(), committed.read_bytes()), f"{committed} is stale; run: {REGENERATE}"


def test_app_package_holds_the_manifest_and_its_icons(tmp_path):
    m.write_manifests(m.EXAMPLE_BASE_URL, tmp_path)
    package = zipfile.ZipFile(tmp_path / m.PACKAGE)
    assert package.namelist() == ["manifest.json", "color.png", "outline.png"]  # at the root, as uploads require
    manifest = json.loads(package.read("manifest.json"))
    assert set(manifest["icons"].values()) <= set(package.namelist())
    assert package.read("manifest.json") == (tmp_path / "manifest.json").read_bytes()


def test_generation_is_stable(addin):
    assert m.outlook_xml(addin) == m.outlook_xml(m.facts(m.EXAMPLE_BASE_URL + "/"))
    assert m.unified_json(addin) == m.unified_json(addin)


def test_cli_writes_both_manifests(tmp_path):
    from addin.cli import cli

    result = CliRunner().invoke(cli, ["manifest", "outlook", "--base-url", "https://example.com", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "manifest.xml" in result.output and "manifest.json" in result.output
    xml = ET.parse(tmp_path / "manifest.xml").getroot()
    urls = {u.get("DefaultValue") for u in xml.iterfind(".//bt:Url", NS)}
    assert {"https://example.com/outlook/taskpane.html", "https://example.com/outlook/commands.js"} <= urls
    unified = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert unified["validDomains"] == ["example.com"]
    assert unified["extensions"][0]["runtimes"][1]["code"]["script"] == "https://example.com/outlook/commands.js"


def test_cli_refuses_plain_http(tmp_path):
    from addin.cli import cli

    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["manifest", "outlook", "--base-url", "http://example.com", "--out", str(out)])
    assert result.exit_code != 0
    assert "https" in result.output, result.output
    assert not out.exists()


# --- every URL the manifests name is served ---------------------------------------------------------------------

def own_urls(addin: m.AddIn, xml: bytes, unified: dict) -> set[str]:
    """Every URL on the add-in's own host in either manifest (JSON values and XML attribute values)."""
    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str) and value.startswith(addin.base_url + "/"):
            found.add(value)

    walk(unified)
    for element in ET.fromstring(xml).iter():
        for v in [*element.attrib.values(), element.text or ""]:
            if v.strip().startswith(addin.base_url + "/"):
                found.add(v.strip())
    return found


def test_every_url_the_manifests_name_is_served(addin, xml_bytes, unified, client):
    urls = own_urls(addin, xml_bytes, unified)
    paths = {u[len(addin.base_url) :].split("#")[0] for u in urls}
    # The pages Outlook opens, the icons, and the privacy and terms links a store listing shows.
    assert {"/outlook/taskpane.html", "/outlook/commands.html", "/privacy", "/terms"} <= paths
    failures = {p: client.get(p).status_code for p in sorted(paths)}
    assert {p: s for p, s in failures.items() if s != 200} == {}


def test_privacy_page_says_bodies_are_never_kept(client):
    html = client.get("/privacy").get_data(as_text=True)
    assert "The subject and body of your emails" in html
    assert "300 characters" in html  # the promise-words limit, read from the store's own constant
    assert 'href="/"' in html
