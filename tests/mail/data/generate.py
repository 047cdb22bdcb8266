#!/usr/bin/env python3
"""Writes the sample mails the mail tests read, in the shapes real mail programs send.

They are kept as bytes in git (the point is their exact charsets); run this again only to
change a sample: python3 tests/mail/data/generate.py
"""
import base64
import os
import quopri
from urllib.parse import quote

here = os.path.dirname(os.path.abspath(__file__))


def b64(data: bytes) -> bytes:
    encoded = base64.b64encode(data)
    return b"\r\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76))


def word(text: str, charset: str, label: str = None) -> bytes:
    return ("=?%s?B?%s?=" % (label or charset, base64.b64encode(text.encode(charset)).decode())).encode()


def write(name: str, data: bytes):
    with open(os.path.join(here, name), "wb") as f:
        f.write(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


# Foxmail / QQ Mail: everything labelled gb2312, holding GBK-only characters (喆, 镕, 珺).
gbk_text = "您好，我是王喆，朱镕基的同事。订单号 12345 的发票还没收到。\n谢谢！\n"
gbk_html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><div>您好，我是王喆，朱镕基的同事。</div><div>订单号 12345 的发票还没收到。</div></body></html>"
write("foxmail_gbk.eml", b"""Received: from smtp.qq.com (unknown [10.0.0.1])
Date: Tue, 1 Dec 2026 10:15:30 +0800
From: """ + word("王喆", "gbk", "gb2312") + b""" <wangzhe@qq.com>
To: "support" <support@example.com>
Subject: """ + word("发票问题（王喆、珺）", "gbk", "gb2312") + b"""
Message-ID: <tencent_1A2B3C4D@qq.com>
X-Mailer: Foxmail 7.2.23.116[cn]
Mime-Version: 1.0
Content-Type: multipart/mixed;
	boundary="----=_NextPart_5F6A7B8C_0A1B2C3D_4E5F6071"

This is a multi-part message in MIME format.

------=_NextPart_5F6A7B8C_0A1B2C3D_4E5F6071
Content-Type: multipart/alternative;
	boundary="----=_NextPart_5F6A7B8C_0A1B2C3D_ALT"

------=_NextPart_5F6A7B8C_0A1B2C3D_ALT
Content-Type: text/plain;
	charset="gb2312"
Content-Transfer-Encoding: base64

""" + b64(gbk_text.encode("gbk")) + b"""

------=_NextPart_5F6A7B8C_0A1B2C3D_ALT
Content-Type: text/html;
	charset="gb2312"
Content-Transfer-Encoding: base64

""" + b64(gbk_html.encode("gbk")) + b"""

------=_NextPart_5F6A7B8C_0A1B2C3D_ALT--

------=_NextPart_5F6A7B8C_0A1B2C3D_4E5F6071
Content-Type: application/pdf;
	name=""" + b'"' + word("发票扫描件.pdf", "gbk", "gb2312") + b'"' + b"""
Content-Disposition: attachment;
	filename=""" + b'"' + word("发票扫描件.pdf", "gbk", "gb2312") + b'"' + b"""
Content-Transfer-Encoding: base64

""" + b64(b"%PDF-1.4 fake invoice\n") + b"""

------=_NextPart_5F6A7B8C_0A1B2C3D_4E5F6071
Content-Type: application/vnd.ms-excel
Content-Disposition: attachment;
	filename*=UTF-8''""" + quote("报价单（第二版）.xls").encode() + b"""
Content-Transfer-Encoding: base64

""" + b64(b"XLSDATA") + b"""

------=_NextPart_5F6A7B8C_0A1B2C3D_4E5F6071
Content-Type: text/plain
Content-Disposition: attachment;
	filename*0*=gb18030''""" + quote("合同".encode("gb18030")).encode() + b""";
	filename*1*=""" + quote("附件喆.txt".encode("gb18030")).encode() + b"""
Content-Transfer-Encoding: base64

""" + b64("合同正文".encode("gb18030")) + b"""

------=_NextPart_5F6A7B8C_0A1B2C3D_4E5F6071
Content-Type: application/octet-stream; name="empty.log"
Content-Disposition: attachment; filename="empty.log"
Content-Transfer-Encoding: base64


------=_NextPart_5F6A7B8C_0A1B2C3D_4E5F6071
Content-Type: application/ms-tnef; name="winmail.dat"
Content-Disposition: attachment; filename="winmail.dat"
Content-Transfer-Encoding: base64

""" + b64(b"\x78\x9f\x3e\x22" + bytes(range(64))) + b"""

------=_NextPart_5F6A7B8C_0A1B2C3D_4E5F6071--
""")

# Outlook in Taiwan: Big5 (CP950) text, quoted-printable.
big5_text = "您好：\n我們的印表機無法連線，請協助處理。\n陳先生\n"
write("outlook_big5.eml", b"""Date: Mon, 30 Nov 2026 09:00:00 +0800
From: """ + word("陳大文", "big5") + b""" <chen@example.com.tw>
To: <support@example.com>
Cc: =?big5?B?""" + base64.b64encode("林小姐".encode("big5")) + b"""?= <lin@example.com.tw>, boss@example.com.tw
Reply-To: helpdesk-replies@example.com.tw
Subject: """ + word("印表機無法連線", "big5") + b"""
Message-ID: <000001d9a1b2$c3d4e5f6$a7b8c9d0@example.com.tw>
MIME-Version: 1.0
Content-Type: text/plain;
	charset="big5"
Content-Transfer-Encoding: quoted-printable
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AdmhssPU5fan

""" + quopri.encodestring(big5_text.encode("cp950")) + b"""
""")

# A Japanese mail: ISO-2022-JP subject, Shift_JIS body with NEC specials (①) only CP932 has.
sjis_text = "お世話になっております。\n注文①の件でご連絡しました。\n"
write("shift_jis.eml", b"""Date: Sun, 29 Nov 2026 18:30:00 +0900
From: """ + word("山田太郎", "iso-2022-jp") + b""" <yamada@example.co.jp>
To: support@example.com
Subject: """ + word("注文について", "iso-2022-jp") + b"""
Message-ID: <20261129183000.1234@example.co.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset=Shift_JIS
Content-Transfer-Encoding: 8bit

""" + sjis_text.encode("cp932") + b"""
""")

# Gmail: UTF-8 with an emoji and a CJK extension B character, a thread, an inline image.
emoji_subject = "Re: 订单 😀 𠀋 problem"
write("gmail_utf8.eml", b"""MIME-Version: 1.0
Date: Wed, 2 Dec 2026 08:01:02 +0100
References: <root@deskline.example> <T-000123.0011223344556677.0000000000000000@deskline.example>
In-Reply-To: <T-000123.0011223344556677.0000000000000000@deskline.example>
Message-ID: <CAF=abc123+def@mail.gmail.com>
Subject: """ + word(emoji_subject, "utf-8", "UTF-8") + b"""
From: Anna Schmidt <anna.schmidt@gmail.com>
To: Support <support@example.com>
Content-Type: multipart/related; boundary="000000000000abcdef0123456789"

--000000000000abcdef0123456789
Content-Type: multipart/alternative; boundary="000000000000fedcba9876543210"

--000000000000fedcba9876543210
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: base64

""" + b64("Still broken 😀 𠀋\n\nOn Tue, Support wrote:\n> Please try again.\n".encode()) + b"""

--000000000000fedcba9876543210
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

""" + quopri.encodestring('<div dir="ltr">Still broken 😀 𠀋<img src="cid:ii_logo1" alt="logo"></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, Support wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">Please try again.</blockquote></div>'.encode()) + b"""

--000000000000fedcba9876543210--

--000000000000abcdef0123456789
Content-Type: image/png; name="logo.png"
Content-Disposition: inline; filename="logo.png"
Content-Transfer-Encoding: base64
Content-ID: <ii_logo1>
X-Attachment-Id: ii_logo1

""" + b64(b"\x89PNG\r\n\x1a\nfakepng") + b"""
--000000000000abcdef0123456789--
""")

# Apple Mail: a reply with the earlier mail in blockquote type=cite.
write("apple_mail.eml", b"""From: Ben Carter <ben@icloud.com>
Content-Type: multipart/alternative;
	boundary="Apple-Mail=_7E6D5C4B-3A29-1807-F6E5-D4C3B2A19080"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3731.500.231\\))
Subject: Re: Login fails
Date: Tue, 1 Dec 2026 14:22:11 -0500
In-Reply-To: <T-000042.aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbb@deskline.example>
To: support@example.com
Message-Id: <5F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0@icloud.com>

--Apple-Mail=_7E6D5C4B-3A29-1807-F6E5-D4C3B2A19080
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
	charset=utf-8

Yes, I cleared the cache =E2=80=94 still fails.

> On 1 Dec 2026, at 10:00, Support <support@example.com> wrote:
>=20
> Please clear the cache.

--Apple-Mail=_7E6D5C4B-3A29-1807-F6E5-D4C3B2A19080
Content-Transfer-Encoding: quoted-printable
Content-Type: text/html;
	charset=utf-8

<html><head><meta http-equiv=3D"content-type" content=3D"text/html; =
charset=3Dutf-8"></head><body style=3D"overflow-wrap: break-word;">Yes, I =
cleared the cache =E2=80=94 still fails.<br><div><br><blockquote =
type=3D"cite"><div>On 1 Dec 2026, at 10:00, Support wrote:</div><div>Please =
clear the cache.</div></blockquote></div></body></html>=

--Apple-Mail=_7E6D5C4B-3A29-1807-F6E5-D4C3B2A19080--
""")

# HTML only, and hostile: script, handlers, javascript: links (one hidden with a tab),
# a tracker pixel, a form, an iframe, an SVG data: image.
write("html_only_hostile.eml", b"""From: "Promo" <news@shop.example>
To: support@example.com
Subject: Your invoice
Date: Tue, 1 Dec 2026 12:00:00 +0000
Message-ID: <hostile-1@shop.example>
MIME-Version: 1.0
Content-Type: text/html; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

<html><head><style>body{background:url(https://t.example/css.png)}</style><script>alert(1)</script></head>
<body onload=3D"steal()"><p onclick=3D"evil()">Caf=E9 invoice attached.</p>
<a href=3D"javascript:alert(2)">click</a> <a href=3D"java&#x09;script:alert(3)">tab</a>
<a href=3D" JAVASCRIPT:alert(4)">upper</a> <a href=3D"vbscript:msgbox(5)">vb</a>
<a href=3D"https://shop.example/invoice?id=3D7">Invoice</a>
<img src=3D"https://tracker.example/open.gif?u=3D42" width=3D"1" height=3D"1">
<img src=3D"data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=3D"><img src=3D"data:image/png;base64,iVBORw0KGgo=3D" alt=3D"ok">
<iframe src=3D"https://evil.example/"></iframe><form action=3D"https://evil.example/"><input name=3D"pw"></form>
<object data=3D"x.swf"></object><embed src=3D"y.swf">
<ul><li>one</li><li>two</li></ul>
</body></html>
""")

# A multipart whose closing boundary never comes.
write("missing_boundary.eml", b"""From: someone@example.org
To: support@example.com
Subject: cut off
Message-ID: <cut-1@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="XYZ"

--XYZ
Content-Type: text/plain; charset=utf-8

The text arrived.
--XYZ
Content-Type: application/pdf; name="report.pdf"
Content-Disposition: attachment; filename="report.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
""")

# Exchange's out-of-office reply.
write("out_of_office.eml", b"""From: Dana Lee <dana@corp.example>
To: support@example.com
Subject: Automatic reply: Your ticket [T-000077]
Date: Tue, 1 Dec 2026 12:00:00 +0000
Message-ID: <ooo-1@corp.example>
Auto-Submitted: auto-replied
X-Auto-Response-Suppress: All
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

I am out of the office until Monday.
""")

# Postfix's delivery status notification for one of our replies; the id is put in by the test.
write("dsn_bounce.eml", b"""Return-Path: <>
From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: support@example.com
Date: Tue, 1 Dec 2026 12:00:05 +0000
Message-Id: <20261201120005.ABCDEF@mx.example.org>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="ABCDEF.1733054405/mx.example.org"

This is a MIME-encapsulated message.

--ABCDEF.1733054405/mx.example.org
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.org.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<nobody@example.org>: host mx.example.org said: 550 5.1.1 <nobody@example.org>:
    Recipient address rejected: User unknown in local recipient table

--ABCDEF.1733054405/mx.example.org
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org
X-Postfix-Queue-ID: ABCDEF
Arrival-Date: Tue,  1 Dec 2026 12:00:04 +0000 (UTC)

Final-Recipient: rfc822; nobody@example.org
Original-Recipient: rfc822;nobody@example.org
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.org
Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.org>: Recipient address
    rejected: User unknown in local recipient table

--ABCDEF.1733054405/mx.example.org
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: Agent Smith <support@example.com>
To: nobody@example.org
Subject: Re: Printer [T-000123]
Message-ID: <@@ORIGINAL_ID@@>
Date: Tue, 1 Dec 2026 12:00:00 +0000

--ABCDEF.1733054405/mx.example.org--
""")
