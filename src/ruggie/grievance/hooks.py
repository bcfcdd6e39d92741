"""Webhooks for messaging providers (SMS, WhatsApp, hotline transcripts).

``POST /hooks/grievance/<channel token>/json/``: ``{"from": "+8801711000000", "text": "...",
"consent": true, "language": "bn"}``, signed ``X-Ruggie-Signature: sha256=<hex>``.
``POST /hooks/grievance/<channel token>/twilio/``: Twilio's form post (``From``, ``Body``),
signed ``X-Twilio-Signature``; answered in TwiML with the receipt for a new case.

No session, cookie or CSRF token (providers cannot carry one; the signature authenticates);
the provider's IP address is not kept.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ruggie.grievance import services
from ruggie.grievance.domain import messaging
from ruggie.grievance.domain.receipt import shown
from ruggie.grievance.models import Channel

NEW_CASE = (
    "Your report is received. Your code: {code}. Keep it secret; send it first in a message, or "
    "type it on the web page, to follow up. Start a message with KEEP to let us recognise this number."
)
CONTINUED = "Your message is added to your report."


def _channel(token: str) -> Channel:
    found = Channel.objects.select_related("organisation").filter(token=token, active=True).first()
    if found is None:
        raise Http404
    return found


@csrf_exempt
@require_POST
def inbound_json(request: HttpRequest, token: str) -> HttpResponse:
    channel = _channel(token)
    secret = services.channel_secret(channel)
    if not messaging.json_signature_ok(request.body, request.headers.get("X-Ruggie-Signature", ""), secret):
        return JsonResponse({"error": "signature"}, status=403)
    try:
        data = json.loads(request.body)
        number, text = str(data.get("from", "")), str(data.get("text", ""))
        consent, language = bool(data.get("consent", False)), str(data.get("language", "en"))
    except (ValueError, AttributeError):
        return JsonResponse({"error": "Send a JSON object with from, text and consent."}, status=400)
    try:
        result = services.message_inbound(
            channel=channel, number=number, text=text, consent=consent, language=language
        )
    except services.CaseRefused as exc:
        return JsonResponse({"error": exc.message}, status=422)
    reply = NEW_CASE.format(code=shown(result.receipt)) if result.new else CONTINUED
    return JsonResponse({"new": result.new, "receipt": result.receipt, "reply": reply})


@csrf_exempt
@require_POST
def inbound_twilio(request: HttpRequest, token: str) -> HttpResponse:
    channel = _channel(token)
    params = {k: request.POST.get(k, "") for k in request.POST}
    url = request.build_absolute_uri()
    header = request.headers.get("X-Twilio-Signature", "")
    if not messaging.twilio_signature_ok(url, params, header, services.channel_secret(channel)):
        return HttpResponse("signature", status=403, content_type="text/plain")
    consent, text = messaging.consent_given(params.get("Body", ""))
    try:
        result = services.message_inbound(
            channel=channel, number=params.get("From", ""), text=text, consent=consent
        )
    except services.CaseRefused as exc:
        reply = exc.message
    else:
        reply = NEW_CASE.format(code=shown(result.receipt)) if result.new else CONTINUED
    twiml = f'<?xml version="1.0" encoding="UTF-8"?><Response><Message>{escape(reply)}</Message></Response>'
    return HttpResponse(twiml, content_type="application/xml")
