"""addin.review.text: HTML to text, quoted history and sign-off split, on real-shaped emails."""
from __future__ import annotations


import pytest

from addin.review import Draft, review
from addin.review.text import extract, html_to_text


def new_words(e) -> str:
    return e.text[e.reviewed[0] : e.reviewed[1]]


def signoff(e) -> str | None:
    return None if e.signoff is None else e.text[e.signoff[0] : e.signoff[1]]


def quoted(e) -> str | None:
    return None if e.quote_start is None else e.text[e.quote_start :]


# ---------------------------------------------------------------------------------------------------------
# Mail clients' HTML

OUTLOOK_DESKTOP = """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=Generator content="Microsoft Word 15 (filtered medium)">
<!--[if !mso]><style>v\\:* {behavior:url(#default#VML);}</style><![endif]-->
<style><!--
/* Font Definitions */
@font-face {font-family:"Cambria Math";}
p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]-->
</head>
<body lang=EN-GB link="#0563C1" vlink="#954F72" style='word-wrap:break-word'>
<div class=WordSection1>
<p class=MsoNormal><span lang=EN-US>Hi Anna,<o:p></o:p></span></p>
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
<p class=MsoNormal><span lang=EN-US>Thanks for the call. Friday works for us &#8211; I&#8217;ll send the
contract by Thursday.<o:p></o:p></span></p>
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
<p class=MsoNormal><span lang=EN-US>Best regards,<o:p></o:p></span></p>
<p class=MsoNormal><span lang=EN-US>John Smith<o:p></o:p></span></p>
<p class=MsoNormal><span lang=EN-US>Account Executive | Example Corp<o:p></o:p></span></p>
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
<div id="divRplyFwdMsg" dir="ltr">
<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>
<p class=MsoNormal><b><span lang=EN-US>From:</span></b><span lang=EN-US> Anna Lee &lt;anna@acme.com&gt;
<br><b>Sent:</b> Monday, November 3, 2025 10:02 AM<br><b>To:</b> John Smith &lt;john@example.com&gt;
<br><b>Subject:</b> RE: Pricing<o:p></o:p></span></p>
</div></div>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal>Hi John, can we do Friday?<o:p></o:p></p>
</div>
</body>
</html>
"""


def test_outlook_desktop_reply():
    e = extract(OUTLOOK_DESKTOP, "html")
    assert e.text == (
        "Hi Anna,\n\nThanks for the call. Friday works for us – I’ll send the contract by Thursday.\n\n"
        "Best regards,\nJohn Smith\nAccount Executive | Example Corp\n\n"
        "From: Anna Lee <anna@acme.com>\nSent: Monday, November 3, 2025 10:02 AM\n"
        "To: John Smith <john@example.com>\nSubject: RE: Pricing\n\nHi John, can we do Friday?"
    )
    assert new_words(e) == "Hi Anna,\n\nThanks for the call. Friday works for us – I’ll send the contract by Thursday."
    assert signoff(e) == "Best regards,"
    assert quoted(e).startswith("From: Anna Lee <anna@acme.com>\nSent:")


def test_outlook_desktop_border_divider_without_div_id():
    html = OUTLOOK_DESKTOP.replace('<div id="divRplyFwdMsg" dir="ltr">', "<div>")
    html = html.replace("<b>To:</b>", "<b>Recipient:</b>").replace("<b>Subject:</b>", "<b>Re:</b>")
    e = extract(html, "html")  # From/Sent alone is no header block: only the grey divider marks the quote
    assert quoted(e).startswith("From: Anna Lee")
    assert signoff(e) == "Best regards,"


OUTLOOK_WEB = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style>
</head>
<body dir="ltr">
<div class="elementToProof" style="font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">
Hi Anna,</div>
<div class="elementToProof" style="font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt;"><br></div>
<div class="elementToProof" style="font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt;">
Could you send the signed order form by Friday?</div>
<div class="elementToProof" style="font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt;"><br></div>
<div id="Signature"><div style="font-size: 12pt;">Kind regards,</div><div>John Smith</div><div>Example Corp</div></div>
<div id="appendonsend"></div>
<hr style="display:inline-block;width:98%" tabindex="-1">
<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">
<b>From:</b> Anna Lee &lt;anna@acme.com&gt;<br>
<b>Sent:</b> Monday, November 3, 2025 10:02<br>
<b>To:</b> John Smith &lt;john@example.com&gt;<br>
<b>Subject:</b> Order form</font>
<div>&nbsp;</div></div>
<div><div dir="ltr">Hi John, what do you need from us?</div></div>
</body></html>
"""


def test_outlook_on_the_web_reply():
    e = extract(OUTLOOK_WEB, "html")
    assert e.text.startswith(
        "Hi Anna,\n\nCould you send the signed order form by Friday?\n\nKind regards,\nJohn Smith\nExample Corp\n"
        "From: Anna Lee <anna@acme.com>\nSent: Monday, November 3, 2025 10:02\n"
    )
    assert new_words(e) == "Hi Anna,\n\nCould you send the signed order form by Friday?"
    assert signoff(e) == "Kind regards,"
    assert quoted(e).startswith("From: Anna Lee")
    assert quoted(e).endswith("Subject: Order form\n\nHi John, what do you need from us?")


GMAIL = """<div dir="ltr"><div>Hi Anna,</div><div><br></div><div>Thanks for the quick reply.&nbsp;Friday at 2pm works.</div>\
<div><br></div><div>Best,</div><div>John</div></div><br><div class="gmail_quote gmail_quote_container">\
<div dir="ltr" class="gmail_attr">On Mon, 3 Nov 2025 at 10:02, Anna Lee &lt;<a href="mailto:anna@acme.com">anna@acme.com</a>&gt; \
wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);\
padding-left:1ex"><div dir="ltr">Hi John,<div><br></div><div>Does Friday work?</div></div>
</blockquote></div>
"""


def test_gmail_reply():
    e = extract(GMAIL, "html")
    assert e.text == (
        "Hi Anna,\n\nThanks for the quick reply. Friday at 2pm works.\n\nBest,\nJohn\n\n"
        "On Mon, 3 Nov 2025 at 10:02, Anna Lee <anna@acme.com> wrote:\n\nHi John,\n\nDoes Friday work?"
    )
    assert new_words(e) == "Hi Anna,\n\nThanks for the quick reply. Friday at 2pm works."
    assert signoff(e) == "Best,"
    assert quoted(e).startswith("On Mon, 3 Nov 2025 at 10:02, Anna Lee <anna@acme.com> wrote:")


def test_gmail_quote_found_structurally_without_attribution():
    html = '<div dir="ltr">Works for me.</div><div class="gmail_quote"><div>Forwarded notes</div></div>'
    e = extract(html, "html")
    assert new_words(e) == "Works for me."
    assert quoted(e) == "Forwarded notes"


def test_gmail_signature_container_ends_the_new_words():
    html = (
        '<div dir="ltr">Hi Anna, the deck is attached.<br clear="all"><br><span class="gmail_signature_prefix">'
        '-- </span><br><div dir="ltr" class="gmail_signature">John Smith<br>Example Corp</div></div>'
    )
    e = extract(html, "html")
    assert new_words(e) == "Hi Anna, the deck is attached."
    html = '<div>Hi Anna, the deck is attached.</div><div class="gmail_signature"><div>John | Example Corp</div></div>'
    assert new_words(extract(html, "html")) == "Hi Anna, the deck is attached."


APPLE_MAIL = """<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>\
<body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">Hi Anna,\
<div><br></div><div>Sounds good — see you Friday.</div><div><br></div><div>Cheers,</div><div>Tom\
<br id="lineBreakAtBeginningOfMessage"><div><br><blockquote type="cite"><div>On 3 Nov 2025, at 10:02, Anna Lee \
&lt;anna@acme.com&gt; wrote:</div><br class="Apple-interchange-newline"><div><div>Does Friday work?</div></div>\
</blockquote></div><br></div></body></html>"""


def test_apple_mail_blockquote_cite():
    e = extract(APPLE_MAIL, "html")
    assert new_words(e) == "Hi Anna,\n\nSounds good — see you Friday."
    assert signoff(e) == "Cheers,"
    assert quoted(e) == "On 3 Nov 2025, at 10:02, Anna Lee <anna@acme.com> wrote:\n\nDoes Friday work?"


def test_plain_blockquote_is_indentation_not_history():
    e = extract("<div>Our terms:</div><blockquote>Net 30 from invoice.</blockquote><div>Fine?</div>", "html")
    assert e.quote_start is None
    assert new_words(e) == "Our terms:\n\nNet 30 from invoice.\n\nFine?"


# ---------------------------------------------------------------------------------------------------------
# HTML rendering


def test_table_cells_tab_separated_rows_on_lines():
    html = (
        "<p>Here are the options:</p><table border=1><tbody>"
        "<tr><th>Plan</th><th>Seats</th><th>Price</th></tr>\n"
        "<tr><td><p class=MsoNormal>Team<o:p></o:p></p></td>\n<td><p class=MsoNormal>10</p></td>"
        "<td><p class=MsoNormal>$500</p></td></tr>"
        "<tr><td>Business</td><td>50</td><td>$2,000</td></tr></tbody></table><p>Which one fits?</p>"
    )
    assert html_to_text(html).text == (
        "Here are the options:\n\nPlan\tSeats\tPrice\nTeam\t10\t$500\nBusiness\t50\t$2,000\n\nWhich one fits?"
    )


def test_lists_become_dash_and_numbered_lines():
    html = (
        "<div>Next steps:</div><ul><li>Security review</li><li>Pilot with <b>two</b> teams"
        "<ol><li>Sales</li><li>Support</li></ol></li></ul><div>Sound right?</div>"
    )
    assert html_to_text(html).text == (
        "Next steps:\n- Security review\n- Pilot with two teams\n  1. Sales\n  2. Support\nSound right?"
    )


def test_script_style_head_comments_and_conditional_comments_dropped():
    html = (
        "<!DOCTYPE html><html><head><title>Draft</title><style>p { color: red; }</style></head><body>"
        "<script>var tracking = 'pixel';</script><!-- internal note -->"
        "<!--[if mso]><table><tr><td>Outlook only</td></tr></table><![endif]-->"
        "<p><![if !supportLists]>- <![endif]>Visible text.</p><STYLE type='text/css'>.x{}</STYLE><SCRIPT>alert(1)</SCRIPT></body></html>"
    )
    assert html_to_text(html).text == "- Visible text."


def test_entities_decoded_and_whitespace_collapsed():
    html = "<p>Price:&nbsp;&euro;5&#44;000 &amp; 10&#x25; off &lt;this&nbsp;month&gt;\n   only&hellip;&#8203;</p>"
    assert html_to_text(html).text == "Price: €5,000 & 10% off <this month> only…"


def test_at_most_one_blank_line_between_blocks():
    html = "<div>One</div><div><br></div><div><br></div><div><br></div><p></p><p>&nbsp;</p><div>Two<br><br><br>Three</div>"
    assert html_to_text(html).text == "One\n\nTwo\n\nThree"


def test_br_ends_lines_and_inline_tags_join_words():
    html = '<div>Hi <span style="color:red">An</span>na,<br>see <a href="https://x.example">the deck</a>.</div>'
    assert html_to_text(html).text == "Hi Anna,\nsee the deck."


def test_unterminated_tag_does_not_hang():
    html = "<div>Hi</div><div class=\"" + "a" * 100_000
    assert html_to_text(html).text.startswith("Hi")  # linear scan: adversarial timings in benchmarks/speed.py


# ---------------------------------------------------------------------------------------------------------
# Plain text: quoted history


def test_plain_reply_with_wrapped_gmail_attribution_and_quote_lines():
    body = (
        "Hi Anna,\n\nYes, Friday at 2pm works. I'll bring the pricing sheet.\n\nThanks,\nJohn\n\n"
        "On Mon, 3 Nov 2025 at 10:02, Anna Lee <anna@acme.com>\nwrote:\n\n"
        "> Hi John,\n>\n> Does Friday work for a call?\n"
    )
    e = extract(body)
    assert e.text == body
    assert new_words(e) == "Hi Anna,\n\nYes, Friday at 2pm works. I'll bring the pricing sheet."
    assert signoff(e) == "Thanks,"
    assert quoted(e).startswith("On Mon, 3 Nov 2025 at 10:02, Anna Lee <anna@acme.com>\nwrote:")


def test_quote_lines_without_attribution():
    e = extract("Agreed, let's go with option B.\n\n> Which option do you prefer?\n> A or B?\n")
    assert new_words(e) == "Agreed, let's go with option B."
    assert quoted(e).startswith("> Which option")


def test_named_writer_line_above_quote_lines_goes_with_the_quote():
    e = extract("Done.\n\nAnna Lee wrote:\n> Please send the invoice.\n> Thanks\n")
    assert new_words(e) == "Done."
    assert quoted(e).startswith("Anna Lee wrote:")


def test_single_greater_than_line_inside_new_words_is_not_history():
    body = "Our numbers:\n> 40% reply rate\nthat is why I'm writing."
    e = extract(body)
    assert e.quote_start is None
    assert new_words(e) == body


def test_original_message_separator():
    body = (
        "Hi Anna,\n\nAttached is the revised quote.\n\nRegards,\nJohn\n\n-----Original Message-----\n"
        "From: Anna Lee <anna@acme.com>\nSent: Monday, November 3, 2025 10:02 AM\nTo: John Smith\n"
        "Subject: Quote\n\nCould you revise the quote?\n"
    )
    e = extract(body)
    assert new_words(e) == "Hi Anna,\n\nAttached is the revised quote."
    assert signoff(e) == "Regards,"
    assert quoted(e).startswith("-----Original Message-----\nFrom: Anna Lee")


def test_outlook_plain_text_underscore_divider_and_header_block():
    body = (
        "See my answers below.\n\n________________________________\nFrom: Anna Lee <anna@acme.com>\n"
        "Sent: Monday, November 3, 2025 10:02\nTo: John Smith <john@example.com>\nSubject: Questions\n\nHi John"
    )
    e = extract(body)
    assert new_words(e) == "See my answers below."
    assert quoted(e).startswith("________________________________\nFrom:")


def test_header_block_alone_and_localised():
    e = extract("Ok.\n\nFrom: Anna Lee <anna@acme.com>\nSent: Monday\nTo: John\nSubject: Hi\n\nHello")
    assert quoted(e).startswith("From: Anna Lee")
    e = extract("Passt.\n\nVon: Anna Lee <anna@acme.de>\nGesendet: Montag, 3. November 2025 10:02\nAn: John\nBetreff: Angebot\n")
    assert new_words(e) == "Passt."
    assert quoted(e).startswith("Von: Anna Lee")


def test_from_line_in_prose_is_not_a_header_block():
    body = "From: the team at Example Corp\nTo: everyone who joined the webinar, thank you!"
    e = extract(body)
    assert e.quote_start is None
    assert new_words(e) == body


def test_forwarded_message():
    body = (
        "Hi Anna, forwarding the thread below as promised.\n\n---------- Forwarded message ---------\n"
        "From: Tom Baker <tom@example.com>\nDate: Mon, 3 Nov 2025 at 09:00\nSubject: Pilot\nTo: John Smith\n\nNotes"
    )
    e = extract(body)
    assert new_words(e) == "Hi Anna, forwarding the thread below as promised."
    assert quoted(e).startswith("---------- Forwarded message ---------\nFrom: Tom Baker")


def test_apple_plain_forward():
    e = extract("FYI\n\nBegin forwarded message:\n\nFrom: Tom <tom@example.com>\nSubject: Pilot\n")
    assert new_words(e) == "FYI"
    assert quoted(e).startswith("Begin forwarded message:")


def test_prose_with_wrote_is_not_history():
    body = (
        "Hi Anna,\n\nAs Tom wrote: the price is fine.\nOn 3 Nov our CFO wrote: approved, go ahead.\n"
        "On Monday we sign.\n\nCheers,\nJohn"
    )
    e = extract(body)
    assert e.quote_start is None
    assert new_words(e) == (
        "Hi Anna,\n\nAs Tom wrote: the price is fine.\nOn 3 Nov our CFO wrote: approved, go ahead.\nOn Monday we sign."
    )
    assert signoff(e) == "Cheers,"


def test_attribution_needs_a_date():
    e = extract("Noted.\n\nOn the pricing, Tom wrote:\nit is fine")
    assert e.quote_start is None


def test_sentence_then_wrote_line_is_not_a_wrapped_attribution():
    e = extract("Noted.\n\nOn 3 Nov we met in Berlin.\nAnd Tom wrote:\nthe price is fine")
    assert e.quote_start is None


def test_body_that_is_only_quoted_history():
    e = extract("\n\nOn Mon, 3 Nov 2025 at 10:02, Anna Lee <anna@acme.com> wrote:\n> Hi\n> John\n")
    assert e.reviewed == (0, 0)
    assert e.signoff is None
    assert quoted(e).startswith("On Mon, 3 Nov 2025")
    e = extract('<div class="gmail_quote"><div>On Mon, 3 Nov 2025, Anna wrote:</div>Hi</div>', "html")
    assert e.reviewed == (0, 0) and e.quote_start == 0


# ---------------------------------------------------------------------------------------------------------
# Sign-off and signature


def test_thanks_opener_followed_by_paragraphs_is_not_a_signoff():
    body = (
        "Thanks,\n\nI looked at the numbers with our finance team and they work for us.\n"
        "We can sign this week if legal is happy with clause 4."
    )
    e = extract(body)
    assert e.signoff is None
    assert new_words(e) == body


def test_thanks_opener_then_real_signoff():
    body = "Thanks, Anna!\n\nI'll send the quote by Friday.\n\nThanks!\n\nBest,\nJohn Smith\nExample Corp\n+1 555 0100"
    e = extract(body)
    assert new_words(e) == "Thanks, Anna!\n\nI'll send the quote by Friday.\n\nThanks!"
    assert signoff(e) == "Best,"


def test_signoff_with_name_on_the_same_line():
    e = extract("Sounds great, see you then.\n\nThanks, John")
    assert new_words(e) == "Sounds great, see you then."
    assert signoff(e) == "Thanks, John"


def test_short_reply_after_thanks_is_not_a_signature():
    e = extract("Thanks,\nGot it.")
    assert e.signoff is None
    assert new_words(e) == "Thanks,\nGot it."
    e = extract("Thanks!\nwill do")
    assert e.signoff is None


def test_signoff_followed_by_long_signature_is_not_taken():
    lines = "\n".join(f"Line {i}" for i in range(12))
    e = extract(f"Please confirm.\n\nBest regards,\n{lines}")
    assert e.signoff is None


def test_dash_dash_signature_delimiter():
    body = "Hi Anna,\n\nThe contract is attached.\n\n-- \nJohn Smith\nExample Corp | +1 555 0100\n"
    e = extract(body)
    assert new_words(e) == "Hi Anna,\n\nThe contract is attached."
    assert e.signoff is None


def test_signoff_before_dash_dash_delimiter():
    e = extract("Contract attached.\n\nWarm regards,\nJohn\n-- \nJohn Smith | Example Corp")
    assert new_words(e) == "Contract attached."
    assert signoff(e) == "Warm regards,"


def test_mobile_footers():
    e = extract("Yes, Friday works.\n\nSent from my iPhone\n\n> On 3 Nov 2025, at 10:02, Anna wrote:\n> Friday?")
    assert new_words(e) == "Yes, Friday works."
    e = extract("Confirmed, see you there.\n\nGet Outlook for iOS")
    assert new_words(e) == "Confirmed, see you there."


def test_disclaimer_after_signature_does_not_hide_the_signoff():
    body = (
        "I'll send the MSA tomorrow.\n\nKind regards,\nJohn Smith\n\n"
        "CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and intended solely for the "
        "addressee. If you received it in error, please delete it."
    )
    e = extract(body)
    assert new_words(e) == "I'll send the MSA tomorrow."
    assert signoff(e) == "Kind regards,"


# ---------------------------------------------------------------------------------------------------------
# Text normalisation and the engine


def test_empty_bodies():
    for body, fmt in (("", "text"), ("", "html"), ("   \n\n ", "text"), ("<div><br></div>", "html")):
        e = extract(body, fmt)
        assert e.reviewed == (0, 0) and e.signoff is None and e.quote_start is None


def test_crlf_plain_text_normalised_and_offsets_index_the_returned_text():
    body = "Hi Anna,\r\n\r\nI'll call you on Monday.\r\n\r\nBest,\r\nJohn\r\n\r\nOn Mon, 3 Nov 2025 at 10:02, Anna <a@acme.com> wrote:\r\n> Call me\r\n> please\r\n"
    e = extract(body)
    assert "\r" not in e.text
    assert e.text == body.replace("\r\n", "\n")
    assert new_words(e) == "Hi Anna,\n\nI'll call you on Monday."
    assert signoff(e) == "Best,"
    assert quoted(e).startswith("On Mon, 3 Nov 2025")


def test_plain_text_is_otherwise_kept_verbatim():
    body = "  Hi Anna,\n\tindented  double  spaced\n<b>not html</b> &amp;"
    e = extract(body)
    assert e.text == body
    assert new_words(e) == body.strip()


def test_engine_accepts_html():
    out = review(Draft(body="<p>Hi</p>", body_format="html")).to_dict()
    assert out["text"] == "Hi" and out["reviewed"] == [0, 2]


@pytest.mark.parametrize("body, fmt", [(OUTLOOK_DESKTOP, "html"), (GMAIL, "html"), (APPLE_MAIL, "html")])
def test_offsets_are_ordered_and_in_range(body, fmt):
    e = extract(body, fmt)
    assert 0 <= e.reviewed[0] <= e.reviewed[1] <= e.signoff[0] < e.signoff[1] <= e.quote_start <= len(e.text)


def test_a_lone_name_after_a_blank_line_is_a_signature_without_a_closing():
    for body, name in (("Hi Tom,\n\nSend the PO today, please.\n\nMark", "Mark"), ("Hi Tom,\n\nSee you then.\n\n— Anna Lee", "— Anna Lee")):
        result = extract(body)
        assert result.text[result.reviewed[0] : result.reviewed[1]].endswith(("please.", "then."))
        assert result.text[result.reviewed[1] :].strip() == name
        assert result.signoff is None


def test_a_last_line_that_is_not_a_lone_name_stays_reviewed():
    for body in ("Hi Tom,\n\nCould you send it?\n\nSounds good", "Hi Tom,\n\nSend it today.\nMark", "Hi Tom,\n\nFinal point.\n\nPricing is attached."):
        result = extract(body)
        assert result.reviewed[1] == len(body.rstrip())


@pytest.mark.parametrize(
    "body, signature",
    [
        ("Jake,\n\nWe'll deliver Monday 7am. Send me the gate code.\n\nWade\nWade Sorensen | Rental Sales | 801-555-0129",
         "Wade\nWade Sorensen | Rental Sales | 801-555-0129"),
        ("Bill,\n\nNeed a signed PO by July 17.\n\nRick Thompson\nSales Manager | High Plains Handling\nC: 303-555-0161",
         "Rick Thompson\nSales Manager | High Plains Handling\nC: 303-555-0161"),
    ],
)
def test_a_name_block_after_a_blank_line_is_a_signature_without_a_closing(body, signature):
    result = extract(body)
    assert result.text[result.reviewed[1] :].strip() == signature


def test_a_last_paragraph_that_opens_with_a_name_but_reads_as_prose_stays_reviewed():
    body = "Hi Tom,\n\nThanks for the call.\n\nMonday\nworks for me, see you at ten."
    result = extract(body)
    assert result.text[result.reviewed[0] : result.reviewed[1]].endswith("see you at ten.")
