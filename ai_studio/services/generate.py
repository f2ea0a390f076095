"""The two first kinds of jobs: a chat answer (without streaming) and images."""

from ..providers import ChatRequest, GeneratedFile, ImageRequest, messages_tuple, provider_get
from .kinds import JobContext, JobKind, Outcome
from .params import chat_cost_estimate, chat_params_clean, image_cost_estimate, image_params_clean


def chat_run(context: JobContext) -> Outcome:
    """Ask the model once and keep its answer as a Markdown file; cost on the tokens reported."""
    job, model = context.job, context.model
    pairs = [("system", job.params["system_prompt"])] if job.params.get("system_prompt") else []
    request = ChatRequest(
        model=model.model, messages=messages_tuple([*pairs, ("user", job.prompt)]), max_tokens=job.params["max_tokens"]
    )
    result = provider_get(model.provider).chat(request)
    answer = GeneratedFile(content=result.text.encode(), content_type="text/markdown", extension="md")
    cost = model.tokens_cost(input_tokens=result.usage.input_tokens, output_tokens=result.usage.output_tokens)
    return Outcome(files=[answer], usage=result.usage, cost=cost)


def image_run(context: JobContext) -> Outcome:
    """Draw the images asked; cost on the images really returned."""
    job, model, params = context.job, context.model, context.job.params
    request = ImageRequest(
        model=model.model, prompt=job.prompt, size=params["size"], count=params["count"], style=params["style"]
    )
    result = provider_get(model.provider).image(request)
    return Outcome(files=list(result.images), cost=model.images_cost(count=len(result.images)))


def chat_instructions(params: dict) -> tuple[str, str]:
    """Return the system prompt the person wrote, to be moderated like the prompt."""
    return "params", params.get("system_prompt", "")


CHAT = JobKind(
    capability="chat",
    clean=chat_params_clean,
    estimate=chat_cost_estimate,
    run=chat_run,
    free_text=chat_instructions,
)
IMAGE = JobKind(capability="image", clean=image_params_clean, estimate=image_cost_estimate, run=image_run)
