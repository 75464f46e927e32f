"""The Outlook add-in's two manifests, generated from one set of facts.

- ``manifest.xml``: the add-in-only (XML) manifest. It is what Outlook on Mac, older classic Outlook on
  Windows and on-premises Exchange understand, and what "Add from file" sideloading takes.
- ``manifest.json``: the unified manifest for Microsoft 365 (Microsoft's current recommendation), plus the
  ``color.png``/``outline.png`` it names and ``sendwell-outlook.zip``, the app package to upload.

Both describe the same add-in: a "Sendwell" button on the message compose ribbon that opens the task pane,
and a Smart Alerts ``OnMessageSend`` handler (``sendMode`` prompt-user) that runs in the event runtime.
Everything either manifest says comes from :class:`AddIn`, so they cannot drift apart. The icons are drawn
here too (a white envelope on Sendwell blue), so ``addin/outlook/assets`` can be rebuilt with
``python -m addin.outlook.manifest --icons``.

See docs/outlook.md for which Outlook reads which manifest, sideloading and central deployment.
"""
from __future__ import annotations

import io
import json
import math
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import click

# --- The add-in's facts ------------------------------------------------------------------------------------

ADDIN_ID = "7659cc6b-be14-4d60-bb85-8cdcd427b1a7"  # fixed forever: Outlook and admins know the add-in by it
VERSION = "1.0.0"  # bump on every manifest change that deployments must pick up (JSON n.n.n; XML adds .0)
ACCENT = "#1F5FC7"  # Sendwell blue (--sw-accent in addin/static/sendwell.css)

# Paths under the base URL, served by addin/outlook/views.py.
TASKPANE = "/outlook/taskpane.html"
EVENT_PAGE = "/outlook/commands.html"  # browser runtime: web, new Outlook, Mac
EVENT_SCRIPT = "/outlook/commands.js"  # JavaScript-only runtime: classic Outlook on Windows
ICON_PATH = "/outlook/assets/icon-{size}.png"
ON_SEND_HANDLER = "onMessageSendHandler"  # Office.actions.associate name in commands.js
PANE_BUTTON = "msgComposeOpenPaneButton"  # Smart Alerts' "take action" opens it (OUTLOOK_PANE_COMMAND_ID)

# Requirement sets (Mailbox API): the base manifest, add-in commands, Smart Alerts (OnMessageSend + SendMode).
MAILBOX_BASE, MAILBOX_COMMANDS, MAILBOX_SMART_ALERTS = "1.1", "1.3", "1.12"

# The unified manifest schema version; tests validate against the copy bundled in @microsoft/app-manifest.
# 1.17 is the first numbered (non-preview) version with Office add-in ``extensions`` and the version
# Microsoft's XML-to-JSON converter emits; newer numbered versions accept this manifest unchanged.
MANIFEST_VERSION = "1.17"
SCHEMA_URL = f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"

RIBBON_ICON_SIZES = (16, 32, 80)  # what Outlook asks of a command button
STORE_ICON_SIZES = (64, 128)  # IconUrl / HighResolutionIconUrl (XML), alternateIcons (unified)
LOCAL_HOSTS = ("localhost", "127.0.0.1")
EXAMPLE_BASE_URL = "https://localhost:8000"  # what the committed manifest/outlook files are generated for


@dataclass(frozen=True)
class AddIn:
    """What both manifests say, for one deployment (``base_url``)."""

    base_url: str  # scheme://host[:port][/prefix], no trailing slash; see :func:`check_base_url`
    id: str = ADDIN_ID
    version: str = VERSION
    provider: str = "Sendwell"
    locale: str = "en-US"
    name: str = "Sendwell"
    full_name: str = "Sendwell sales-email coach"
    summary: str = "A coach for the sales email you are writing: tone, promises, asks."  # <= 80 chars
    description: str = (  # <= 250 chars (the XML limit)
        "Sendwell reviews the email you are writing: politeness and personalization scores, the promises "
        "you make and the asks you leave, with rewrites for pushy wording. Before you send, it flags "
        "drafts worth a second look."
    )
    permission: str = "ReadWriteItem"  # XML name; the unified equivalent is in UNIFIED_PERMISSION
    group_label: str = "Sendwell"
    button_label: str = "Sendwell"
    button_title: str = "Open Sendwell"
    button_tooltip: str = "Review this email as you write it: tone, promises, asks and personalization."

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def domain(self) -> str:
        return urlsplit(self.base_url).netloc

    def icon(self, size: int) -> str:
        return self.url(ICON_PATH.format(size=size))


UNIFIED_PERMISSION = {"ReadItem": "MailboxItem.Read.User", "ReadWriteItem": "MailboxItem.ReadWrite.User",
                      "ReadWriteMailbox": "Mailbox.ReadWrite.User"}


class BaseUrlError(click.ClickException, ValueError):
    """A base URL Outlook would refuse. A ValueError for callers; the ``sendwell`` CLI prints it as an error."""


def check_base_url(base_url: str) -> str:
    """The base URL without a trailing slash; ValueError (BaseUrlError) unless Outlook can load from it.

    Outlook loads add-ins over HTTPS only. Plain http is let through for localhost/127.0.0.1 so a developer
    can generate manifests for a local server, but Outlook itself still wants https there too.
    """
    raw = (base_url or "").strip()
    parts = urlsplit(raw)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in ("https", "http") or not host:
        raise BaseUrlError(f"the base URL must be an absolute https:// URL such as https://sendwell.example.com, got {raw!r}")
    if scheme == "http" and host not in LOCAL_HOSTS:
        raise BaseUrlError(
            f"the base URL must use https:// (Outlook only loads add-ins over HTTPS; plain http is accepted "
            f"for localhost and 127.0.0.1 only), got {raw!r}"
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise BaseUrlError(f"the base URL takes scheme, host, port and path only (no user, query or fragment), got {raw!r}")
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        raise BaseUrlError(f"the base URL has an invalid port: {raw!r}") from None
    netloc = (f"[{host}]" if ":" in host else host) + port
    return f"{scheme}://{netloc}{parts.path.rstrip('/')}"


def facts(base_url: str) -> AddIn:
    return AddIn(base_url=check_base_url(base_url))


# --- The add-in-only (XML) manifest ------------------------------------------------------------------------

NS_OFFICEAPP = "http://schemas.microsoft.com/office/appforoffice/1.1"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS_BT = "http://schemas.microsoft.com/office/officeappbasictypes/1.0"
NS_VO_1_0 = "http://schemas.microsoft.com/office/mailappversionoverrides"
NS_VO_1_1 = "http://schemas.microsoft.com/office/mailappversionoverrides/1.1"

# Resource ids (<= 32 characters each, per the schema).
RES_TASKPANE, RES_EVENT_PAGE, RES_EVENT_SCRIPT = "Taskpane.Url", "Commands.Url", "CommandsJs.Url"
RES_GROUP, RES_LABEL, RES_TITLE, RES_TOOLTIP = "Group.Label", "Button.Label", "Button.Title", "Button.Tooltip"


def _el(parent: ET.Element, tag: str, attrib: dict | None = None, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib or {})
    if text is not None:
        element.text = text
    return element


def outlook_xml(addin: AddIn) -> bytes:
    """The add-in-only manifest, pretty-printed UTF-8.

    Tags carry their prefixes literally (``bt:Image``) and each VersionOverrides redeclares the default
    namespace, the form Microsoft's samples and tools use; ElementTree alone would invent ``ns0:`` prefixes.
    The tests parse the result namespace-aware to prove the declarations are right.
    """
    root = ET.Element("OfficeApp", {"xmlns": NS_OFFICEAPP, "xmlns:xsi": NS_XSI, "xmlns:bt": NS_BT, "xsi:type": "MailApp"})
    # Child order is the OfficeApp/MailApp xs:sequence; tests/outlook/test_manifests.py checks it.
    _el(root, "Id", text=addin.id)
    _el(root, "Version", text=addin.version + ".0")
    _el(root, "ProviderName", text=addin.provider)
    _el(root, "DefaultLocale", text=addin.locale)
    _el(root, "DisplayName", {"DefaultValue": addin.name})
    _el(root, "Description", {"DefaultValue": addin.description})
    _el(root, "IconUrl", {"DefaultValue": addin.icon(STORE_ICON_SIZES[0])})
    _el(root, "HighResolutionIconUrl", {"DefaultValue": addin.icon(STORE_ICON_SIZES[1])})
    _el(root, "SupportUrl", {"DefaultValue": addin.url("/")})
    _el(_el(root, "AppDomains"), "AppDomain", text=addin.origin)
    _el(_el(root, "Hosts"), "Host", {"Name": "Mailbox"})
    _el(_el(_el(root, "Requirements"), "Sets"), "Set", {"Name": "Mailbox", "MinVersion": MAILBOX_BASE})
    # Clients without add-in commands (Mailbox < 1.3) open the task pane from the compose form instead.
    form = _el(_el(root, "FormSettings"), "Form", {"xsi:type": "ItemEdit"})
    _el(_el(form, "DesktopSettings"), "SourceLocation", {"DefaultValue": addin.url(TASKPANE)})
    _el(root, "Permissions", text=addin.permission)
    rules = _el(root, "Rule", {"xsi:type": "RuleCollection", "Mode": "Or"})
    _el(rules, "Rule", {"xsi:type": "ItemIs", "ItemType": "Message", "FormType": "Edit"})
    _el(root, "DisableEntityHighlighting", text="false")

    # VersionOverrides 1.0 (Mailbox 1.3): the compose button only. Its nested 1.1 block (Mailbox 1.12) adds
    # the Smart Alerts event; a client that cannot honour 1.1 keeps the button from 1.0.
    v1_0 = _el(root, "VersionOverrides", {"xmlns": NS_VO_1_0, "xsi:type": "VersionOverridesV1_0"})
    _version_override(v1_0, addin, MAILBOX_COMMANDS, smart_alerts=False)
    v1_1 = _el(v1_0, "VersionOverrides", {"xmlns": NS_VO_1_1, "xsi:type": "VersionOverridesV1_1"})
    _version_override(v1_1, addin, MAILBOX_SMART_ALERTS, smart_alerts=True)

    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def _version_override(vo: ET.Element, addin: AddIn, mailbox: str, *, smart_alerts: bool) -> None:
    """Requirements, Hosts, Resources (that order) of one VersionOverrides element."""
    _el(_el(_el(vo, "Requirements"), "bt:Sets", {"DefaultMinVersion": mailbox}), "bt:Set", {"Name": "Mailbox"})
    host = _el(_el(vo, "Hosts"), "Host", {"xsi:type": "MailHost"})
    if smart_alerts:  # Runtimes precede DesktopFormFactor in MailHost
        runtime = _el(_el(host, "Runtimes"), "Runtime", {"resid": RES_EVENT_PAGE})
        _el(runtime, "Override", {"type": "javascript", "resid": RES_EVENT_SCRIPT})
    desktop = _el(host, "DesktopFormFactor")
    _el(desktop, "FunctionFile", {"resid": RES_EVENT_PAGE})
    surface = _el(desktop, "ExtensionPoint", {"xsi:type": "MessageComposeCommandSurface"})
    group = _el(_el(surface, "OfficeTab", {"id": "TabDefault"}), "Group", {"id": "sendwellComposeGroup"})
    _el(group, "Label", {"resid": RES_GROUP})
    button = _el(group, "Control", {"xsi:type": "Button", "id": PANE_BUTTON})
    _el(button, "Label", {"resid": RES_LABEL})
    supertip = _el(button, "Supertip")
    _el(supertip, "Title", {"resid": RES_TITLE})
    _el(supertip, "Description", {"resid": RES_TOOLTIP})
    icon = _el(button, "Icon")
    for size in RIBBON_ICON_SIZES:
        _el(icon, "bt:Image", {"size": str(size), "resid": f"Icon.{size}x{size}"})
    _el(_el(button, "Action", {"xsi:type": "ShowTaskpane"}), "SourceLocation", {"resid": RES_TASKPANE})
    if smart_alerts:
        launch = _el(desktop, "ExtensionPoint", {"xsi:type": "LaunchEvent"})
        _el(_el(launch, "LaunchEvents"), "LaunchEvent",
            {"Type": "OnMessageSend", "FunctionName": ON_SEND_HANDLER, "SendMode": "PromptUser"})
        _el(launch, "SourceLocation", {"resid": RES_EVENT_PAGE})

    resources = _el(vo, "Resources")
    images = _el(resources, "bt:Images")
    for size in RIBBON_ICON_SIZES:
        _el(images, "bt:Image", {"id": f"Icon.{size}x{size}", "DefaultValue": addin.icon(size)})
    urls = _el(resources, "bt:Urls")
    _el(urls, "bt:Url", {"id": RES_TASKPANE, "DefaultValue": addin.url(TASKPANE)})
    _el(urls, "bt:Url", {"id": RES_EVENT_PAGE, "DefaultValue": addin.url(EVENT_PAGE)})
    if smart_alerts:
        _el(urls, "bt:Url", {"id": RES_EVENT_SCRIPT, "DefaultValue": addin.url(EVENT_SCRIPT)})
    short = _el(resources, "bt:ShortStrings")
    for resid, value in ((RES_GROUP, addin.group_label), (RES_LABEL, addin.button_label), (RES_TITLE, addin.button_title)):
        _el(short, "bt:String", {"id": resid, "DefaultValue": value})
    _el(_el(resources, "bt:LongStrings"), "bt:String", {"id": RES_TOOLTIP, "DefaultValue": addin.button_tooltip})


# --- The unified manifest for Microsoft 365 ----------------------------------------------------------------

def unified_manifest(addin: AddIn) -> dict:
    """The unified (JSON) manifest; ``icons`` name the PNGs that travel beside it in the app package."""

    def mailbox(version: str) -> list[dict]:
        return [{"name": "Mailbox", "minVersion": version}]

    ribbon_icons = [{"size": size, "url": addin.icon(size)} for size in RIBBON_ICON_SIZES]
    return {
        "$schema": SCHEMA_URL,
        "id": addin.id,
        "manifestVersion": MANIFEST_VERSION,
        "version": addin.version,
        "name": {"short": addin.name, "full": addin.full_name},
        "description": {"short": addin.summary, "full": addin.description},
        "developer": {
            "name": addin.provider,
            "websiteUrl": addin.url("/"),
            "privacyUrl": addin.url("/privacy"),
            "termsOfUseUrl": addin.url("/terms"),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "localizationInfo": {"defaultLanguageTag": addin.locale.lower()},
        "validDomains": [addin.domain],
        "authorization": {"permissions": {"resourceSpecific": [
            {"name": UNIFIED_PERMISSION[addin.permission], "type": "Delegated"},
        ]}},
        "extensions": [{
            "requirements": {"scopes": ["mail"], "capabilities": mailbox(MAILBOX_COMMANDS)},
            "runtimes": [
                {
                    "requirements": {"capabilities": mailbox(MAILBOX_COMMANDS)},
                    "id": "TaskPaneRuntime",
                    "type": "general",
                    "code": {"page": addin.url(TASKPANE)},
                    "lifetime": "short",
                    "actions": [{"id": "openSendwellPane", "type": "openPage", "displayName": addin.button_title}],
                },
                {
                    "requirements": {"capabilities": mailbox(MAILBOX_SMART_ALERTS)},
                    "id": "OnSendRuntime",
                    "type": "general",
                    "code": {"page": addin.url(EVENT_PAGE), "script": addin.url(EVENT_SCRIPT)},
                    "lifetime": "short",
                    "actions": [{"id": ON_SEND_HANDLER, "type": "executeFunction", "displayName": ON_SEND_HANDLER}],
                },
            ],
            "ribbons": [{
                "contexts": ["mailCompose"],
                "tabs": [{
                    "builtInTabId": "TabDefault",
                    "groups": [{
                        "id": "sendwellComposeGroup",
                        "label": addin.group_label,
                        "icons": ribbon_icons,
                        "controls": [{
                            "id": PANE_BUTTON,
                            "type": "button",
                            "label": addin.button_label,
                            "icons": ribbon_icons,
                            "supertip": {"title": addin.button_title, "description": addin.button_tooltip},
                            "actionId": "openSendwellPane",
                        }],
                    }],
                }],
            }],
            "autoRunEvents": [{
                "requirements": {"capabilities": mailbox(MAILBOX_SMART_ALERTS), "scopes": ["mail"]},
                "events": [{"type": "messageSending", "actionId": ON_SEND_HANDLER, "options": {"sendMode": "promptUser"}}],
            }],
            # Lets the admin centre derive an XML manifest for Outlook builds without the unified manifest
            # (Marketplace listings); the schema caps declared sizes at 80, so the 128 px icon says 64 as in
            # Microsoft's own sample.
            "alternates": [{"alternateIcons": {
                "icon": {"size": 64, "url": addin.icon(STORE_ICON_SIZES[0])},
                "highResolutionIcon": {"size": 64, "url": addin.icon(STORE_ICON_SIZES[1])},
            }}],
        }],
    }


def unified_json(addin: AddIn) -> bytes:
    return (json.dumps(unified_manifest(addin), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# --- Icons ---------------------------------------------------------------------------------------------------

# name -> (pixel size, style). "color": white envelope on a rounded Sendwell-blue square; "outline": the
# envelope alone, white on transparent (the unified manifest's 32 px outline icon).
ICONS = {f"icon-{n}.png": (n, "color") for n in RIBBON_ICON_SIZES + STORE_ICON_SIZES}
ICONS |= {"color.png": (192, "color"), "outline.png": (32, "outline")}


def _png(width: int, height: int, rgba_rows: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + row for row in rgba_rows)  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def _segment_distance(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> float:
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def _rounded_box(px: float, py: float, cx: float, cy: float, hw: float, hh: float, r: float) -> float:
    """Signed distance to a rounded rectangle (negative inside)."""
    qx, qy = abs(px - cx) - hw + r, abs(py - cy) - hh + r
    return math.hypot(max(qx, 0.0), max(qy, 0.0)) + min(max(qx, qy), 0.0) - r


def icon_png(name: str) -> bytes:
    """One of :data:`ICONS`, drawn with signed distances so every size is anti-aliased and crisp."""
    size, style = ICONS[name]
    s = float(size)
    blue = tuple(int(ACCENT[i:i + 2], 16) for i in (1, 3, 5))
    width = max(1, round(s * 0.07))  # line width in whole pixels, and lines centred so they fill whole
    snap = (lambda v: math.floor(v) + 0.5) if width % 2 else round  # pixels: sharp even at 16 px
    stroke = width / 2
    # The envelope, in pixels: body box and the flap's three points.
    box = (0.12, 0.88, 0.24, 0.76) if style == "outline" else (0.21, 0.79, 0.30, 0.70)
    left, right, top, bottom = (snap(s * f) for f in box)
    cx, cy, hw, hh = (left + right) / 2, (top + bottom) / 2, (right - left) / 2, (bottom - top) / 2
    apex = (cx, top + (bottom - top) * 0.55)
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            px, py = x + 0.5, y + 0.5
            body = abs(_rounded_box(px, py, cx, cy, hw, hh, s * 0.04)) - stroke
            flap = min(_segment_distance(px, py, left, top, *apex), _segment_distance(px, py, right, top, *apex)) - stroke
            ink = max(0.0, min(1.0, 0.5 - min(body, flap)))  # coverage of the white envelope
            if style == "outline":
                row += bytes((255, 255, 255, round(ink * 255)))
                continue
            tile = max(0.0, min(1.0, 0.5 - _rounded_box(px, py, s / 2, s / 2, s / 2, s / 2, s * 0.2)))
            rgb = (round(c + (255 - c) * ink) for c in blue)
            row += bytes((*rgb, round(tile * 255)))
        rows.append(bytes(row))
    return _png(size, size, rows)


def write_icons(directory: str | Path) -> list[Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in ICONS:
        (directory / name).write_bytes(icon_png(name))
        paths.append(directory / name)
    return paths


# --- Writing ---------------------------------------------------------------------------------------------------

PACKAGE = "sendwell-outlook.zip"


def app_package(manifest_json: bytes, color: bytes, outline: bytes) -> bytes:
    """The unified manifest's app package (upload in the admin centre or Teams); fixed timestamps so that
    regenerating it changes nothing."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in (("manifest.json", manifest_json), ("color.png", color), ("outline.png", outline)):
            member = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type, member.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            package.writestr(member, data)
    return buffer.getvalue()


def write_manifests(base_url: str, out: str | Path) -> list[Path]:
    """Write manifest.xml, manifest.json, its two icons and the app package into ``out``; return the paths.

    Raises ValueError (a :class:`BaseUrlError`) before writing anything if ``base_url`` is not usable.
    """
    addin = facts(base_url)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    manifest_json, color, outline = unified_json(addin), icon_png("color.png"), icon_png("outline.png")
    files = {
        "manifest.xml": outlook_xml(addin),
        "manifest.json": manifest_json,
        "color.png": color,
        "outline.png": outline,
        PACKAGE: app_package(manifest_json, color, outline),
    }
    paths = []
    for name, data in files.items():
        (out / name).write_bytes(data)
        paths.append(out / name)
    return paths


if __name__ == "__main__":  # python -m addin.outlook.manifest --icons   (redraw addin/outlook/assets)
    import sys

    if sys.argv[1:] != ["--icons"]:
        sys.exit("usage: python -m addin.outlook.manifest --icons   (manifests: sendwell manifest outlook)")
    for path in write_icons(Path(__file__).resolve().parent / "assets"):
        print(f"wrote {path}")
