"""The strict pydantic base and field types of the value-file schema and the structure kinds."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
NonBlank = Annotated[str, Field(pattern=r"\S", description="a non-empty string")]


class Strict(BaseModel):
    """Unknown keys, wrong types and changes after validation are rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)
