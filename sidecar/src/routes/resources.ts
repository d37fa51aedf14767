import { Router } from 'express';
import type { Config } from '../config.ts';
import { GcBody, PidParams } from '../api/schemas.ts';
import { input } from '../http/validate.ts';
import { disk } from '../resources/disk.ts';
import { gc } from '../resources/gc.ts';
import { killOrphan, orphans } from '../resources/processes.ts';

export function resourcesRouter(c: Config): Router {
  const router = Router();
  router.get('/disk', async (_req, res) => {
    res.json(await disk(c));
  });
  router.post('/gc', async (req, res) => {
    const { body } = input(req, { body: GcBody });
    res.json(await gc(c, body.minAgeMinutes * 60_000));
  });
  router.get('/processes', async (_req, res) => {
    res.json(await orphans(c));
  });
  router.post('/processes/:pid/kill', async (req, res) => {
    const { params } = input(req, { params: PidParams });
    res.json(await killOrphan(c, params.pid));
  });
  return router;
}
