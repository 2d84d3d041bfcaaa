import type { z } from "zod";
import type { Channel, requestSchemas, ResultOf } from "../../shared/app-api.js";
import type { ServiceContext } from "./service-context.js";

export type RequestData<C extends Channel> = z.output<(typeof requestSchemas)[C]>;
export type Handler<C extends Channel> = (ctx: ServiceContext, req: RequestData<C>) => Promise<ResultOf<C>>;
export type Handlers = { [C in Channel]?: Handler<C> };
