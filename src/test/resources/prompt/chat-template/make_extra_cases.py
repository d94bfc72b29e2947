"""Renders extra Qwen3 chat-template cases with Python jinja2, the way Hugging Face transformers does
(ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, tojson), and writes
extra-cases.json. Run from this folder: python3 make_extra_cases.py

Templates: 'hybrid' is the chat_template of qwen3-tokenizer_config.json (the real Qwen3 one);
'instruct-2507' is qwen3-instruct-2507-like.jinja (a reconstruction of the Qwen3-Instruct-2507 template:
no thinking logic)."""
import json
import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        extensions=["jinja2.ext.loopcontrols"])
    env.filters["tojson"] = lambda x, indent=None, ensure_ascii=False: json.dumps(x, ensure_ascii=ensure_ascii, indent=indent)
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)
    env.globals["raise_exception"] = raise_exception
    return env


TEMPLATES = {
    "hybrid": json.load(open("qwen3-tokenizer_config.json", encoding="utf-8"))["chat_template"],
    "instruct-2507": open("qwen3-instruct-2507-like.jinja", encoding="utf-8").read(),
}

U, A, S = "user", "assistant", "system"
CASES = [
    ("system-only-no-genprompt", [(S, "Only a system message.")], False, None),
    ("assistant-prefill-last-no-think", [(U, "Write."), (A, "# Title\n\nThe first")], False, None),
    ("assistant-after-last-query-with-think-not-last",
     [(U, "Q1"), (A, "A1"), (U, "Q2"), (A, "<think>\nstep\n</think>\n\nA2"), (A, "A3")], True, False),
    ("assistant-after-last-query-plain-not-last", [(U, "Q"), (A, "plain"), (A, "again")], True, True),
    ("nested-think-markers", [(U, "Q"), (A, "x<think>\n\na\n<think>b\n\n</think>\n\n\nmid</think>\n\nend"), (U, "Q2")], True, False),
    ("history-think-keeps-content-newlines", [(U, "Q"), (A, "<think>r</think>\n\n\nAnswer\n\n"), (U, "next")], True, None),
    ("last-assistant-think-with-surrounding-newlines", [(U, "Q"), (A, "\n<think>\n\n r \n\n</think>\n\n\n Body \n")], False, None),
    ("tool-response-like-user-is-not-a-query",
     [(U, "Real question"), (A, "<think>t</think>First"), (U, "<tool_response>\ndata\n</tool_response>"), (A, "<think>u</think>Second")], False, None),
    ("no-user-at-all", [(S, "S"), (A, "<think>x</think>y")], True, False),
    ("whitespace-preserved-in-user", [(U, "  leading and trailing  \n\n")], True, False),
    ("think-on-explicit", [(U, "Hi")], True, True),
    ("empty-contents", [(S, ""), (U, ""), (A, "")], True, False),
]


def render(template, messages, add_generation_prompt, enable_thinking):
    variables = {"messages": [{"role": r, "content": c} for r, c in messages],
                 "add_generation_prompt": add_generation_prompt}
    if enable_thinking is not None:
        variables["enable_thinking"] = enable_thinking
    return environment().from_string(template).render(**variables)


out = {"about": "Made by make_extra_cases.py with Python jinja2 " + jinja2.__version__
       + " configured as Hugging Face transformers renders chat templates.", "cases": []}
for variant, template in TEMPLATES.items():
    for name, messages, add_generation_prompt, enable_thinking in CASES:
        case = {"name": variant + ":" + name, "variant": variant, "add_generation_prompt": add_generation_prompt}
        if enable_thinking is not None:
            case["enable_thinking"] = enable_thinking
        case["messages"] = [{"role": r, "content": c} for r, c in messages]
        case["rendered"] = render(template, messages, add_generation_prompt, enable_thinking)
        out["cases"].append(case)
with open("extra-cases.json", "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(len(out["cases"]), "cases written")
