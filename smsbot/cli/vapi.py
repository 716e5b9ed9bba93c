"""`smsbot vapi assistant [--create]`: the Vapi assistant that uses our tools."""
from __future__ import annotations

import json

import click

from smsbot.cli.common import current_settings


@click.group()
def vapi() -> None:
    """Vapi: the AI voice agent that books through /vapi/tools."""


@vapi.command("assistant")
@click.option("--create", is_flag=True, help="Create it in Vapi (POST VAPI_API_BASE/assistant with VAPI_API_KEY).")
def vapi_assistant(create: bool) -> None:
    """Print the assistant definition (its server secret left out); --create makes it in Vapi."""
    from smsbot.channels.vapi_assistant import assistant

    settings = current_settings()
    if not create:
        click.echo(json.dumps(assistant(settings), indent=2))
        return
    if not settings.vapi_api_key:
        raise click.ClickException("VAPI_API_KEY is not set: create a private API key in Vapi's dashboard")
    if not settings.public_base_url:
        raise click.ClickException("PUBLIC_BASE_URL is not set: Vapi needs the public URL of /vapi/tools")
    click.echo(f"created assistant {_create(settings, assistant(settings, with_secret=True))}")


def _create(settings, definition: dict) -> str:
    import requests

    url = f"{settings.vapi_api_base}/assistant"
    try:
        response = requests.post(url, json=definition, timeout=15,
                                 headers={"Authorization": f"Bearer {settings.vapi_api_key}"})
    except requests.RequestException as error:
        raise click.ClickException(f"Vapi did not answer at {url}: {type(error).__name__}") from None
    if not response.ok:
        raise click.ClickException(f"Vapi refused the assistant: HTTP {response.status_code}: "
                                   f"{' '.join(response.text.split())[:300]}")
    try:
        return response.json()["id"]
    except (ValueError, KeyError, TypeError):
        raise click.ClickException("Vapi answered without an assistant id") from None
