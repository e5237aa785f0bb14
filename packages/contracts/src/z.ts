// Every schema imports z from here so that `.openapi()` metadata is available on all of them:
// the same schemas validate requests and generate each service's OpenAPI document.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };
